# Production image of the İYS API. Build: `docker build -t iys-api .`; run it with docker-compose.yml
# or any orchestrator that provides the settings production requires (README, "Production").

# Stage 1: dependencies, compile, then drop the development dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

# Stage 2: only what runs, owned by root and read-only to the process; its one writable folder is
# the data directory, owned by the unprivileged user and mounted as a volume.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    IYS_DATA_DIR=/var/lib/iys
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /var/lib/iys && chown node:node /var/lib/iys && chmod 0700 /var/lib/iys
VOLUME ["/var/lib/iys"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
