# syntax=docker/dockerfile:1
#
# NexaCRM application image: one Spring Boot fat jar (crm-api, with the admin UI
# built into it). The same image runs every role; NEXACRM_ROLES picks them at
# run time (see docker-compose.yml and docs/docker-compose.md).
#
# Build:  docker build -t nexacrm-app:local .
# Needs BuildKit (the default builder of current Docker and of `docker compose`)
# for the cache mounts below.

# ---------------------------------------------------------------------------
# Node.js 20 toolchain, only used as a source to copy node and npm from.
# ---------------------------------------------------------------------------
FROM node:20-bookworm-slim AS node

# ---------------------------------------------------------------------------
# Build stage: Maven + JDK 21, with Node 20 on the PATH because the Maven build
# runs `npm ci` and `npm run build` in the admin-ui module.
# ---------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-21 AS build

COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -sf ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version \
 && npm --version

WORKDIR /workspace
COPY . .

# The maven image sets MAVEN_CONFIG=/root/.m2, which older Maven wrapper scripts
# pass on to Maven as if it were a goal; unset it for the wrapper.
# The cache mounts keep the Maven repository and the npm cache between builds
# without putting them into the image.
RUN --mount=type=cache,target=/root/.m2 \
    --mount=type=cache,target=/root/.npm \
    chmod +x mvnw \
 && env -u MAVEN_CONFIG ./mvnw -B -DskipTests package

# Pick the Spring Boot fat jar: crm-api/target/crm-api.jar (crm-api/pom.xml sets
# <finalName>crm-api</finalName>) or crm-api-<version>.jar should that go away;
# never the plain/sources/javadoc/test jars (the pre-repackage jar ends in
# .original and does not match *.jar). Fail loudly unless exactly one is left.
RUN set -eu; \
    set -- $(find crm-api/target -maxdepth 1 -type f \
        \( -name 'crm-api.jar' -o -name 'crm-api-*.jar' \) \
        ! -name '*-plain.jar' ! -name '*-sources.jar' \
        ! -name '*-javadoc.jar' ! -name '*-tests.jar'); \
    if [ "$#" -ne 1 ]; then \
        echo "expected exactly one crm-api boot jar in crm-api/target, found $#: $*" >&2; \
        exit 1; \
    fi; \
    cp "$1" /workspace/app.jar

# ---------------------------------------------------------------------------
# Runtime stage: JRE 21 only, non-root user.
# ---------------------------------------------------------------------------
FROM eclipse-temurin:21-jre AS runtime

# curl is used by the compose healthcheck (GET /actuator/health); installed
# explicitly rather than relying on whatever the base image happens to ship.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 nexacrm \
 && useradd --system --uid 10001 --gid nexacrm --home-dir /app \
        --no-create-home --shell /usr/sbin/nologin nexacrm \
 && mkdir -p /app/data \
 && chown nexacrm:nexacrm /app /app/data

WORKDIR /app
# The jar stays owned by root: the app user can run it but not change it.
COPY --from=build /workspace/app.jar /app/app.jar

USER 10001:10001
EXPOSE 8080

# Heap follows the container's memory limit; add more JVM flags with
# JAVA_TOOL_OPTIONS at run time.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/app.jar"]
