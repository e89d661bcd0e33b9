# syntax=docker/dockerfile:1
# The Payment Hub image: built with the Maven wrapper on a JDK, run on a JRE as a non-root user.
#
#   docker build -t payment-hub .
#   docker run -p 8080:8080 --env-file .env -v "$PWD/routes:/app/routes:ro" payment-hub
#
# (The project's CI machines have no Docker engine, so this file is not built there; deploy/check validates the
# compose file and the Kubernetes manifests that use it.)

FROM eclipse-temurin:17.0.20_8-jdk-noble AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/ src/
# the tests run in CI, not in the image build; the cache mount keeps ~/.m2 between builds
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
    && java -Djarmode=tools -jar target/payment-hub-*.jar extract --layers --destination extracted \
        --application-filename payment-hub.jar

FROM eclipse-temurin:17.0.20_8-jre-noble
RUN groupadd --system --gid 10001 hub \
    && useradd --system --uid 10001 --gid hub --home-dir /app --no-create-home --shell /usr/sbin/nologin hub
WORKDIR /app
# Spring Boot's layers, the ones that change least first: a code change rebuilds only the last layer
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# the project's routes as the default; operators mount their own folder over /app/routes (no rebuild to change a flow)
COPY routes/ /app/routes/
RUN mkdir /app/data && chown hub:hub /app/data
# the options of scripts/hub, measured there (about 300 MB resident); set JAVA_TOOL_OPTIONS to change them
ENV SPRING_PROFILES_ACTIVE=prod \
    HUB_ROUTES_DIR=/app/routes \
    HUB_DATA_DIR=/app/data \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx160m -XX:TrimNativeHeapInterval=5000"
USER 10001:10001
EXPOSE 8080
# ready = database, broker and routes up (contract section 1); served without credentials in prod
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "-jar", "/app/payment-hub.jar"]
