/** Names, phone and e-mail shapes of the simulated operators and leads (Italian and French teams). */
export type Locale = 'it' | 'fr';

export const FIRST_NAMES: Readonly<Record<Locale, readonly string[]>> = {
  it: [
    'Giulia', 'Marco', 'Francesca', 'Alessandro', 'Chiara', 'Luca', 'Sara', 'Matteo', 'Martina', 'Davide',
    'Valentina', 'Simone', 'Elena', 'Federico', 'Alessia', 'Lorenzo', 'Silvia', 'Andrea', 'Paola', 'Giuseppe',
    'Roberta', 'Stefano', 'Anna', 'Riccardo', 'Ilaria', 'Fabio', 'Maria', 'Antonio', 'Laura', 'Giovanni',
  ],
  fr: [
    'Camille', 'Lucas', 'Léa', 'Hugo', 'Manon', 'Louis', 'Chloé', 'Nathan', 'Inès', 'Julien',
    'Sarah', 'Thomas', 'Émilie', 'Antoine', 'Clara', 'Maxime', 'Julie', 'Nicolas', 'Océane', 'Pierre',
    'Margaux', 'Théo', 'Amandine', 'Romain', 'Élodie', 'Mathieu', 'Claire', 'Baptiste', 'Pauline', 'Sébastien',
  ],
};

export const LAST_NAMES: Readonly<Record<Locale, readonly string[]>> = {
  it: [
    'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco',
    'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti',
    'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone',
  ],
  fr: [
    'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
    'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier',
    'Morel', 'Girard', 'André', 'Lefèvre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez',
  ],
};

export const MAIL_DOMAINS: Readonly<Record<Locale, readonly string[]>> = {
  it: ['gmail.com', 'libero.it', 'virgilio.it', 'hotmail.it', 'tiscali.it'],
  fr: ['gmail.com', 'orange.fr', 'free.fr', 'laposte.net', 'sfr.fr'],
};

/** "Émilie" → "emilie", "De Luca" → "deluca": the local part of a plausible e-mail address. */
export function mailSafe(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}
