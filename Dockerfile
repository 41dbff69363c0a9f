# omni-scim-sync in a container: a build stage with Debian 12's compiler and -dev packages, and a runtime stage
# with only the shared libraries the binary loads. No curl: HEALTHCHECK runs the binary itself.
#   Build:  docker build -t omni-scim-sync .
#   Run:    docker run -d --name omni-scim-sync \
#             -v /etc/omni-scim-sync/config.yaml:/etc/omni-scim-sync/config.yaml:ro \
#             -v /etc/omni-scim-sync/omni-api-key:/run/secrets/omni-api-key:ro \
#             -v omni-scim-sync-state:/var/lib/omni-scim-sync  omni-scim-sync
#           with `omni.api_key_file: /run/secrets/omni-api-key` in the configuration (or a Docker/compose secret
#           of that name). The key file must be readable by uid 10001.
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends g++ cmake ninja-build pkg-config \
      libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-program-options1.81-dev \
      libssl-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libsystemd-dev libldap-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY lib lib
COPY daemon daemon
COPY config config
COPY systemd systemd
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DOSS_BUILD_TESTS=OFF -DOSS_BUILD_BENCH=OFF -DOSS_BUILD_DOCS=OFF \
 && cmake --build /build --target omni-scim-sync \
 && strip /build/daemon/omni-scim-sync

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 libsystemd0 libldap-2.5-0 \
      libboost-json1.81.0 libboost-url1.81.0 libboost-program-options1.81.0 \
      libyaml-cpp0.7 libspdlog1.10 libfmt9 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/omni-scim-sync --shell /usr/sbin/nologin omni \
 && install -d -m 0700 -o omni -g omni /var/lib/omni-scim-sync \
 && install -d -m 0755 /etc/omni-scim-sync
COPY --from=build /build/daemon/omni-scim-sync /usr/bin/omni-scim-sync
COPY config/example.yaml /etc/omni-scim-sync/config.example.yaml
USER omni
VOLUME ["/var/lib/omni-scim-sync"]
# metrics.listen must be reachable from inside the container: the default 127.0.0.1:9464 is (the health check
# runs in the same network namespace); use 0.0.0.0:9464 and -p 9464:9464 to scrape /metrics from outside.
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=10s --start-period=90s --retries=3 \
  CMD ["omni-scim-sync", "--config", "/etc/omni-scim-sync/config.yaml", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["omni-scim-sync"]
CMD ["--config", "/etc/omni-scim-sync/config.yaml", "run"]
