# syntax=docker/dockerfile:1
# Build a static deploybot binary, then ship it alone in a minimal image that
# runs as a non-root user with the bbolt store on a volume.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" \
        -o /out/deploybot ./cmd/deploybot \
    && mkdir -p /out/state

# distroless/static: no shell, no package manager; CA certificates and
# /etc/passwd with the nonroot user (65532) included.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/deploybot /usr/local/bin/deploybot
COPY --from=build --chown=65532:65532 /out/state /var/lib/deploybot
USER 65532:65532
VOLUME ["/var/lib/deploybot"]
# /healthz, /readyz and /metrics (server.listen in deploybot.yaml).
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/deploybot"]
CMD ["serve", "--config", "/etc/deploybot/deploybot.yaml"]
