# syntax=docker/dockerfile:1
# One image for every Leadboard process (api, worker, migrations, dashboard preview, simulator);
# docker-compose.yml picks the command. Build: docker build -t leadboard:local .

# ---- build: install the locked versions, then build every app (nx run-many -t build)
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    NX_SKIP_NX_CACHE=true \
    CI=true
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: the lockfile cannot list every platform's optional native packages
# (see docs/ARCHITECTURE.md), and `npm install` with it still installs the locked versions.
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: the built bundles and the node_modules they require (webpack keeps them external)
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/dashboard/vite.config.mts ./apps/dashboard/vite.config.mts
# `vite preview` bundles its config into node_modules/.vite-temp: the only place written at run time.
RUN mkdir -p node_modules/.vite-temp && chown node:node node_modules/.vite-temp
USER node
EXPOSE 3000 4200
CMD ["node", "dist/apps/api/main.js"]
