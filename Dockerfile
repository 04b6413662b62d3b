# vitalfew as a container: a static binary (modernc SQLite is pure Go, so
# CGO_ENABLED=0) on a distroless base, running as a non-root user, with the
# SQLite database in the /data volume.
#
#   docker build --build-arg VERSION=$(git describe --always --dirty) -t vitalfew .
#   docker run -d --name vitalfew -p 127.0.0.1:8080:8080 -v vitalfew-data:/data vitalfew
#   docker exec -it vitalfew /vitalfew user add --email you@example.com --role admin
#
# See docs/operations.md.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The build has no .git (see .dockerignore): it names the release the source
# is of, or the version given: docker build --build-arg VERSION=v1.4.0 .
ARG VERSION=
RUN CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/vitalfew/vitalfew/internal/cli.buildVersion=${VERSION}" \
      -o /out/vitalfew ./cmd/vitalfew \
 && /out/vitalfew --version \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/vitalfew /vitalfew
# The data directory belongs to the image's non-root user (65532).
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV VITALFEW_DB=/data/vitalfew.db \
    VITALFEW_ADDR=0.0.0.0:8080 \
    VITALFEW_LOG_FORMAT=json \
    VITALFEW_LOG_LEVEL=info
VOLUME ["/data"]
EXPOSE 8080
# No shell or wget in distroless: the binary asks its own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/vitalfew", "healthcheck"]
ENTRYPOINT ["/vitalfew"]
CMD ["serve"]
