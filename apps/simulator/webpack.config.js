// Bundles the call-center simulator (a CLI).
module.exports = require('../../tools/node-app.webpack')(__dirname, 'simulator');
