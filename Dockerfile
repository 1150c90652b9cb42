# syntax=docker/dockerfile:1
# One build, three runtime images:
#   docker build --target core   -t coordi-core .
#   docker build --target voice  -t coordi-voice .
#   docker build --target portal -t coordi-portal .
# No secrets are baked in: every credential arrives at run time from the environment (Kubernetes Secrets).

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Restore first, from project files only, so the layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props Coordi.sln ./
COPY .config/ .config/
COPY protos/ protos/
COPY src/Coordi.Contracts/Coordi.Contracts.csproj src/Coordi.Contracts/
COPY src/Coordi.MultiTenancy/Coordi.MultiTenancy.csproj src/Coordi.MultiTenancy/
COPY src/Coordi.ServiceDefaults/Coordi.ServiceDefaults.csproj src/Coordi.ServiceDefaults/
COPY src/Coordi.Core/Coordi.Core.csproj src/Coordi.Core/
COPY src/Coordi.Voice/Coordi.Voice.csproj src/Coordi.Voice/
COPY src/Coordi.Portal/Coordi.Portal.csproj src/Coordi.Portal/
RUN dotnet restore src/Coordi.Core/Coordi.Core.csproj \
 && dotnet restore src/Coordi.Voice/Coordi.Voice.csproj \
 && dotnet restore src/Coordi.Portal/Coordi.Portal.csproj
COPY src/ src/
RUN dotnet publish src/Coordi.Core/Coordi.Core.csproj -c Release --no-restore -o /out/core \
 && dotnet publish src/Coordi.Voice/Coordi.Voice.csproj -c Release --no-restore -o /out/voice \
 && dotnet publish src/Coordi.Portal/Coordi.Portal.csproj -c Release --no-restore -o /out/portal

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
# The image's built-in non-root user (uid 1654).
USER $APP_UID
# GC mode and thread-pool settings come from each project's runtimeconfig (the voice edge's are in
# docs/decisions/019-voice-edge-runtime.md); setting them here would override them for every image.
ENV ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1
WORKDIR /app

FROM runtime AS core
COPY --from=build --chown=$APP_UID /out/core ./
# 5100 gRPC (h2c), 5101 HTTP/1.1 health and /metrics
EXPOSE 5100 5101
ENTRYPOINT ["dotnet", "Coordi.Core.dll"]

FROM runtime AS voice
COPY --from=build --chown=$APP_UID /out/voice ./
# Socket completions run on the socket engine's thread instead of a hop through the thread pool: every audio frame
# is a socket event, and on one core each hop is a context switch. A 4 MB gen0 budget keeps the heap, and so the
# memory per call, small; the audio path allocates nearly nothing, so collections stay rare.
# Both are environment-only settings (docs/decisions/019-voice-edge-runtime.md).
ENV DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 \
    DOTNET_GCgen0size=0x400000
# 5200 public (webhooks, media stream), 5201 management (/metrics, probes)
EXPOSE 5200 5201
ENTRYPOINT ["dotnet", "Coordi.Voice.dll"]

FROM runtime AS portal
COPY --from=build --chown=$APP_UID /out/portal ./
# 5000 public, 5001 management (/metrics, probes)
EXPOSE 5000 5001
ENTRYPOINT ["dotnet", "Coordi.Portal.dll"]
