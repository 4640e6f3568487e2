// Bundles the API (HTTP + socket.io) and its operator CLI.
module.exports = require('../../tools/node-app.webpack')(__dirname, 'api', [{ entryName: 'cli', entryPath: './src/cli.ts' }]);
