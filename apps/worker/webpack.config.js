// Bundles the worker (BullMQ processors).
module.exports = require('../../tools/node-app.webpack')(__dirname, 'worker');
