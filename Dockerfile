# syntax=docker/dockerfile:1
# The backend as a container image: the build stage bundles server/ into one file
# (npm run build:server → dist/server/main.cjs); the runtime stage is that file alone on an
# official slim Node 24 image. Configuration is environment-only (see .env.example).
#   docker build -t viapi-kit-backend .
#   docker run --env-file deploy/backend.env -p 8787:8787 viapi-kit-backend
# (deploy/backend.env: a copy of .env.example without its HOST and PORT lines, which this image sets.)
# docs/deploy.md says which of these steps were run on our machines and which were not.

FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Not `npm ci`: Taro 4.2.0's @tarojs/binding names optional bindings that were never published,
# so `npm ci` rejects the lock file; `npm install` honours it (the same reason as in .ci/run).
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build:server

FROM node:24-slim
# Listen on every interface so the published port reaches the process.
ENV HOST=0.0.0.0 PORT=8787
WORKDIR /app
# Only the artifact; owned by root, so the unprivileged user below cannot rewrite it.
COPY --from=build /src/dist/server/ ./
# `node` (uid 1000) is the unprivileged user the official Node images create.
USER node
EXPOSE 8787
# Liveness (/healthz), not readiness (/readyz): an unhealthy container gets restarted or replaced
# (Swarm, autoheal), and a restart cannot fix what /readyz reports (Redis out of reach), so
# probing readiness here would only turn a Redis outage into restarts of every instance.
# Routing decisions belong to the proxy or Function Compute, which probe /readyz.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "main.cjs"]
