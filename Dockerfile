# syntax=docker/dockerfile:1
# One image for every Leadboard process: the API (which also serves the built dashboard), the worker,
# the migrations (the operator CLI) and the simulator; docker-compose.yml picks the command.
# Build: docker build -t leadboard:local .

ARG NODE_IMAGE=node:22-bookworm-slim

# ---- build: every dependency (dev included), then every app into dist/
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    NX_SKIP_NX_CACHE=true \
    NX_TUI=false \
    CI=true
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: the lockfile cannot list every platform's optional native packages
# (see docs/ARCHITECTURE.md, "Install"), and `npm install` with it still installs the locked versions.
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build

# ---- production dependencies only: what the bundles require at run time (webpack keeps node_modules external)
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime: no compiler, no test tools, no dev server; runs as the image's unprivileged `node` user
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# A young generation of 64 MB per semi-space (V8's default: 16): a worker's set of jobs lives for tens of
# milliseconds and outgrew the default, so its data was copied and promoted before it died
# (docs/ARCHITECTURE.md, "Why sets"). Every node process of the image runs with it.
ENV NODE_ENV=production \
    PORT=3000 \
    NODE_OPTIONS=--max-semi-space-size=64
COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/dist ./dist
# Files stay root-owned and read-only for the process: nothing is written at run time.
USER node
# 3000: API, dashboard, /metrics · 9464: a worker's /metrics (WORKER_METRICS_PORT)
EXPOSE 3000 9464
CMD ["node", "dist/apps/api/main.js"]
