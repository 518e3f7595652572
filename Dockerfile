# Multi-stage image: build and publish with the SDK, run on the ASP.NET Core runtime.
# Not built in this repository's CI (no container engine on its machines); kept in step with
# the csproj by hand. The Blazor script is extracted during the build exactly as locally.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props PromptConsole.sln ./
COPY PromptConsole.Domain/PromptConsole.Domain.csproj PromptConsole.Domain/
COPY PromptConsole.Web/PromptConsole.Web.csproj PromptConsole.Web/
RUN dotnet restore PromptConsole.Web/PromptConsole.Web.csproj
COPY PromptConsole.Domain/ PromptConsole.Domain/
COPY PromptConsole.Web/ PromptConsole.Web/
RUN dotnet publish PromptConsole.Web/PromptConsole.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# OpenMP's runtime: the semantic cache's approximate vector index (USearch) links against it.
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The image's non-root user must own the SQLite volume, or the first migration cannot create the file.
RUN mkdir -p /data && chown "$APP_UID" /data
# The SQLite default writes next to the app; mount a volume or point at PostgreSQL in production.
ENV ASPNETCORE_URLS=http://+:8080 \
    PromptConsole__Database__ConnectionString="Data Source=/data/promptconsole.db"
VOLUME /data
EXPOSE 8080
USER $APP_UID

ENTRYPOINT ["dotnet", "PromptConsole.Web.dll"]
