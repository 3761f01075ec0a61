# syntax=docker/dockerfile:1
# The KinesisFlow container image: `docker build -t kinesisflow .` (docs/deployment.md).
#   build   – the .NET SDK, the repository, a restore for the target architecture
#   test    – the test suites that need nothing but the SDK (pure decoding and coordination); a failure stops the build
#   publish – `kinesisflow` as one Native AOT binary for the target architecture (no .NET runtime in the final image)
#   runtime – Ubuntu chiseled runtime-deps: no shell, no package manager, non-root, read-only root friendly
# Multi-architecture: `docker buildx build --platform linux/amd64,linux/arm64 -t kinesisflow .` compiles once per
# architecture, each on that architecture's own platform: Native AOT links with the platform's own clang, so a foreign
# architecture is built under buildx's emulation (slower, same result).

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TARGETARCH
# Native AOT's native linker and zlib's headers (the SDK image has neither).
RUN apt-get update \
 && apt-get install -y --no-install-recommends clang zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet restore src/KinesisFlow/KinesisFlow.csproj -a $TARGETARCH

FROM build AS test
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet test tests/KinesisFlow.FlowLogs.Tests \
 && dotnet test tests/KinesisFlow.Coordination.Tests

FROM test AS publish
ARG TARGETARCH
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/KinesisFlow/KinesisFlow.csproj -c Release -a $TARGETARCH --self-contained -p:DebugType=none -o /app

FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION}-noble-chiseled AS runtime
WORKDIR /app
# Files stay owned by root and read-only to the process: nothing under /app is ever written.
COPY --from=publish /app .
# The chiseled images' non-root "app" user (uid 1654); numeric so that Kubernetes' runAsNonRoot can check it.
USER $APP_UID
# Configuration comes from the environment (KINESISFLOW__Section__Key, docs/configuration.md) and the command line.
# A container serves metrics and health on 9464 on every interface (the local default is off); logs are JSON lines;
# dead letters go to /tmp, the one writable place of a read-only root (docker run --read-only --tmpfs /tmp; mount a
# volume there to keep them).
ENV KINESISFLOW__Observability__HttpListen=0.0.0.0:9464 \
    KINESISFLOW__Sinks__DeadLetter__Path=/tmp/kinesisflow-dead-letters.ndjson \
    Logging__Console__FormatterName=json
EXPOSE 9464
# The health check asks liveness: a consumer that is only unready (a SIEM outage) must not be restarted.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["/app/kinesisflow", "probe", "--live"]
ENTRYPOINT ["/app/kinesisflow", "run"]
