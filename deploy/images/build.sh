#!/usr/bin/env bash
# Builds the six Bookiji images from the executable jars and, with PUSH=1, pushes them.
#   ./mvnw -B -DskipTests package && deploy/images/build.sh
#   REGISTRY=registry.example.com/bookiji TAG=1.0.0 PUSH=1 deploy/images/build.sh
# Needs docker (or ENGINE=podman) and a registry the base image (eclipse-temurin) can be pulled from.
set -euo pipefail
cd "$(dirname "$0")/../.."
REGISTRY="${REGISTRY:-bookiji}"
TAG="${TAG:-0.1.0-SNAPSHOT}"
ENGINE="${ENGINE:-docker}"
VERSION="0.1.0-SNAPSHOT"
for module in availability-service payment-service reservation-service reconciler \
    infrastructure/schema-registry infrastructure/stripe-simulator; do
  name="$(basename "$module")"
  jar="$module/target/$name-$VERSION-exec.jar"
  # the reconciler's main artifact is itself the executable jar (no -exec classifier)
  [[ "$name" == reconciler ]] && jar="$module/target/$name-$VERSION.jar"
  [[ -f "$jar" ]] || { echo "missing $jar: run ./mvnw -B -DskipTests package first" >&2; exit 1; }
  "$ENGINE" build -f deploy/images/Dockerfile --build-arg "JAR=$jar" -t "$REGISTRY/$name:$TAG" .
  if [[ "${PUSH:-0}" == 1 ]]; then "$ENGINE" push "$REGISTRY/$name:$TAG"; fi
done
