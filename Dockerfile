# syntax=docker/dockerfile:1
# Grounded in a container, from the same release tarball that './mvnw -B package' makes
# (grounded-dist/target/grounded-<version>.tar.gz): built in the first stage, unpacked into a JRE-only image.
#
#   docker build -t grounded .
#   docker run --rm -v grounded-data:/data grounded keys create --tenant acme    # once: a non-loopback server needs a key
#   docker run -d --name grounded -p 8080:8080 -v grounded-data:/data grounded
#
# The data (index, documents, keys) lives in the volume /data. GROUNDED_HEAP (default 2g) sizes the Java heap.

ARG JDK_IMAGE=eclipse-temurin:25-jdk
ARG JRE_IMAGE=eclipse-temurin:25-jre

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY . .
# The Maven repository is a build cache, not a layer; tests ran in CI ('.ci/run'), not here.
RUN --mount=type=cache,target=/root/.m2 \
    sh ./mvnw -B -q -DskipTests package -pl grounded-dist -am \
 && mkdir /opt/grounded \
 && tar xzf grounded-dist/target/grounded-*.tar.gz -C /opt/grounded --strip-components=1

FROM ${JRE_IMAGE}
# A fixed, unprivileged uid (not 1000, which Ubuntu images give to 'ubuntu'); /data is its volume.
RUN groupadd --system --gid 10001 grounded \
 && useradd --system --uid 10001 --gid grounded --create-home --home-dir /home/grounded \
      --shell /usr/sbin/nologin grounded \
 && mkdir /data && chown grounded:grounded /data
COPY --from=build /opt/grounded /opt/grounded
ENV GROUNDED_DATA=/data \
    PATH=/opt/grounded/bin:$PATH
USER grounded:grounded
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
# Ready = model loaded and storage reachable. Nothing installed for it: bash's /dev/tcp sends the one request.
HEALTHCHECK --interval=30s --timeout=5s --start-period=2m --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /readyz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["/opt/grounded/bin/grounded"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
