// The one webpack setup of the Node apps (api, worker, simulator): a bundle of the app and the
// libs it imports through the tsconfig path aliases; node_modules stay external.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

module.exports = function nodeApp(appDir, name, additionalEntryPoints = []) {
  return {
    output: { path: join(appDir, '../../dist/apps', name) },
    devtool: 'source-map',
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        additionalEntryPoints,
        tsConfig: './tsconfig.app.json',
        outputHashing: 'none',
        generatePackageJson: false,
        sourceMap: true,
      }),
    ],
  };
};
