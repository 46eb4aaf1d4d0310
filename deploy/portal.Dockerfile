# syntax=docker/dockerfile:1
#
# The portal: the single-page app built with vite, served by unprivileged nginx on :8080.
#   docker build -f deploy/portal.Dockerfile -t sanshe/portal:dev .
# The context is the repository root (its .dockerignore applies); the portal imports the
# zod schemas of packages/contracts, so both are copied.

ARG NODE_IMAGE=node:20-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.27-alpine

# ---------------------------------------------------------------- build ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app

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
    npm ci --no-audit --no-fund --workspace apps/portal --include-workspace-root=false

COPY packages/contracts packages/contracts
COPY apps/portal apps/portal
RUN npm run build --workspace apps/portal \
 && test -f apps/portal/dist/index.html

# -------------------------------------------------------------- runtime ----
FROM ${NGINX_IMAGE} AS runtime
COPY apps/portal/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/apps/portal/dist /usr/share/nginx/html

# The image's user nginx (uid 101); files stay owned by root and read-only for it.
USER 101
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
