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

// A wall screen runs for days and polls the API every few seconds: the browser keeps up to 250
// resource-timing entries that nobody here reads (a slow heap climb until the buffer is full).
if (typeof performance !== 'undefined' && typeof performance.clearResourceTimings === 'function') {
  setInterval(() => performance.clearResourceTimings(), 60_000);
}
