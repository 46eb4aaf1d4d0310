# syntax=docker/dockerfile:1
#
# One image per service, chosen at build time (target runtime, the default):
#   docker build --build-arg SERVICE=needs-intake -t sanshe/needs-intake:dev .
# SERVICE is one of: needs-intake, project-design, procurement, fulfilment.
# docker-compose.yml builds all four; k8s/ expects them pushed to a registry.
# Target embedded is the single-process mode (apps/embedded, the portal included):
#   docker build --target embedded -t sanshe/embedded:dev .
#   docker run --rm -p 8080:8080 -e NODE_ENV=development sanshe/embedded:dev node apps/embedded/dist/main.js --demo
# The portal has its own image: deploy/portal.Dockerfile.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------- build ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# Manifests first: the dependency layer stays cached until a package.json or
# the lock file changes. Keep this list in step with "workspaces" in
# package.json (tests/deploy/compose.spec.ts checks that it is).
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/platform/package.json packages/platform/
COPY services/needs-intake/package.json services/needs-intake/
COPY services/project-design/package.json services/project-design/
COPY services/procurement/package.json services/procurement/
COPY services/fulfilment/package.json services/fulfilment/
COPY apps/embedded/package.json apps/embedded/
COPY apps/portal/package.json apps/portal/
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

COPY . .
# Compile every workspace (tsc -b, and the portal's bundle, which is not copied into the
# runtime), then drop dev dependencies (the portal's packages among them) and the sources.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && find packages services apps -mindepth 2 -maxdepth 2 \
      \( -name src -o -name 'tsconfig*.json' \) -exec rm -rf {} +

# ------------------------------------------------------------- embedded ----
# Everything in one process on in-memory adapters (npm start), serving the portal's build.
FROM ${NODE_IMAGE} AS embedded
ENV NODE_ENV=production \
    PORT=8080
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/packages ./packages
COPY --from=build /app/services ./services
COPY --from=build /app/apps/embedded ./apps/embedded
COPY --from=build /app/apps/portal/dist ./apps/portal/dist
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/embedded/dist/main.js"]

# -------------------------------------------------------------- runtime ----
# The last stage, so the default target: one service.
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    PORT=8080
WORKDIR /app

# Everything stays owned by root and read-only for the process (user node);
# the containers also run with a read-only root filesystem in k8s.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/packages ./packages
COPY --from=build /app/services/${SERVICE} ./services/${SERVICE}

# Fail the build, not the first start, when SERVICE is missing or wrong.
RUN test -n "${SERVICE}" && test -f "services/${SERVICE}/dist/main.js" \
 || { echo "build arg SERVICE must name a service with dist/main.js (got '${SERVICE}')" >&2; exit 1; }

USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# Shell form, so that ${SERVICE} (from ENV, set from the build arg) is expanded
# at start; exec replaces the shell, so node is PID 1 and receives SIGTERM.
CMD exec node "services/${SERVICE}/dist/main.js"
