import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './app.vue';
import { i18n } from './i18n/instance';
import { createAppRouter } from './router';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(createAppRouter());
app.mount('#app');
