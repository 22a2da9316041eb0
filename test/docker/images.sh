#!/usr/bin/env bash
# Small local base images for real reference builds (no registry is reachable here).
#
#   images.sh            make every image that the daemon lacks (idempotent)
#   images.sh --rebuild  build every image afresh from its rootfs and save it again
#
# Needs the engine of engine.sh to be up. Each image is a busybox rootfs (Debian 12's
# busybox-static, fetched with `apt-get download`, not installed) imported with
# `docker import` and saved with `docker save` (Engine 26.1 writes an OCI layout archive
# that also holds a docker manifest.json) to $DFSIM_IMAGES_OUT/<safe-name>.tar (default:
# scenarios/images/, where the emulator's fixtures live) when under
# 3 MB. `docker import` stamps the config with the import time, so a rebuilt image gets a new
# id: when a saved tar exists the image is `docker load`ed from it instead, which keeps
# image ids stable across machines.
#
# Stand-ins mimic the config (Env, Entrypoint, Cmd, ExposedPorts, StopSignal, users) and a
# few recognisable files of the real images; their programs are shell-script stubs.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENGINE_DIR=${DFSIM_ENGINE_DIR:-/opt/dockerfile-sim-engine}
WORK=${DFSIM_IMAGES_WORK:-$ENGINE_DIR/images-work}
OUT=${DFSIM_IMAGES_OUT:-$(cd "$HERE/../.." && pwd)/scenarios/images}   # the emulator's image fixtures
MAX_TAR_BYTES=$((3 * 1024 * 1024))
REBUILD=0
[[ ${1:-} == --rebuild ]] && REBUILD=1

log() { printf 'images.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

eval "$("$HERE/engine.sh" env)"
[[ -n $(docker version --format '{{.Server.Version}}' 2>/dev/null) ]] ||
  die "no daemon at $DOCKER_HOST: run test/docker/engine.sh start"

PATH_STD=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# --- busybox ------------------------------------------------------------------------------

# Debian 12's static busybox, downloaded once into $WORK.
busybox_bin() {
  local bb=$WORK/busybox-static/bin/busybox
  if ! [[ -x $bb ]]; then
    log "fetching Debian 12's busybox-static"
    mkdir -p "$WORK/debs"
    rm -f "$WORK"/debs/busybox-static_*.deb
    (cd "$WORK/debs" && apt-get -q -o APT::Sandbox::User=root download busybox-static >&2) || {
      log "apt-get download failed; trying once more after apt-get update"
      apt-get update -q >&2
      (cd "$WORK/debs" && apt-get -q -o APT::Sandbox::User=root download busybox-static >&2)
    }
    rm -rf "$WORK/busybox-static"
    dpkg -x "$WORK"/debs/busybox-static_*.deb "$WORK/busybox-static"
  fi
  echo "$bb"
}

# --- rootfs helpers -----------------------------------------------------------------------

# put ROOT PATH MODE [UID:GID] < content: write a file with an exact mode and owner.
put() {
  local root=$1 path=$2 mode=$3 owner=${4:-0:0}
  mkdir -p "$(dirname "$root$path")"
  cat >"$root$path"
  chmod "$mode" "$root$path"
  chown "$owner" "$root$path"
}

# dir ROOT PATH MODE [UID:GID]
dir() {
  local root=$1 path=$2 mode=$3 owner=${4:-0:0}
  mkdir -p "$root$path"
  chmod "$mode" "$root$path"
  chown "$owner" "$root$path"
}

# stub ROOT PATH TEXT: an executable shell script that prints TEXT (stands in for a program).
stub() {
  put "$1" "$2" 0755 <<EOF
#!/bin/sh
# dockerfile-sim stand-in for $2 (not the real program)
echo "$3"
EOF
}

# base_rootfs ROOT [minimal]: busybox with an applet symlink farm in /bin, users and groups,
# the usual top-level directories; "minimal" leaves out /dev, /proc and /sys.
# Extra passwd/group/shadow lines come from the PASSWD_EXTRA/GROUP_EXTRA/SHADOW_EXTRA vars.
base_rootfs() {
  local root=$1 minimal=${2:-} bb applet
  bb=$(busybox_bin)
  rm -rf "$root"
  dir "$root" / 0755
  # Only these: tests observe which directories a build creates (e.g. WORKDIR /opt/x, /mnt).
  for d in /bin /etc /home /usr /usr/bin /usr/local /usr/local/bin /var; do
    dir "$root" "$d" 0755
  done
  [[ $minimal == minimal ]] || for d in /dev /proc /sys; do dir "$root" "$d" 0755; done
  dir "$root" /root 0700
  dir "$root" /tmp 1777
  install -m 0755 "$bb" "$root/bin/busybox"
  while read -r applet; do
    [[ $applet == busybox ]] || ln -s busybox "$root/bin/$applet"
  done < <("$bb" --list | LC_ALL=C sort)
  put "$root" /etc/passwd 0644 <<EOF
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
${PASSWD_EXTRA:-}
EOF
  put "$root" /etc/group 0644 <<EOF
root:x:0:
daemon:x:1:
staff:x:50:
nogroup:x:65534:
${GROUP_EXTRA:-}
EOF
  put "$root" /etc/shadow 0640 <<EOF
root:*:19000:0:99999:7:::
daemon:*:19000:0:99999:7:::
nobody:*:19000:0:99999:7:::
${SHADOW_EXTRA:-}
EOF
  # Drop the blank line an empty *_EXTRA leaves.
  sed -i '/^$/d' "$root/etc/passwd" "$root/etc/group" "$root/etc/shadow"
}

# home ROOT PATH UID:GID
home() { dir "$1" /home 0755; dir "$1" "$2" 0755 "$3"; }

os_release() {
  put "$1" /etc/os-release 0644
}

# import_rootfs ROOT TAG CHANGE...: a deterministic tar (sorted, mtime 0, numeric owners)
# piped into `docker import`.
import_rootfs() {
  local root=$1 tag=$2; shift 2
  local args=() c
  for c in "$@"; do args+=(--change "$c"); done
  tar -C "$root" --sort=name --mtime=@0 --numeric-owner --format=gnu -cf - . |
    docker import "${args[@]}" --message "dockerfile-sim stand-in $tag" - "$tag" >/dev/null
}

# --- the images ---------------------------------------------------------------------------

build_busybox() { # dfsim/busybox:latest and dfsim/busybox-min:latest
  local root=$WORK/rootfs/$1 minimal=${2:-}
  PASSWD_EXTRA='app:x:1000:1000::/home/app:/bin/sh' \
  GROUP_EXTRA='app:x:1000:' \
  SHADOW_EXTRA='app:!:19000:0:99999:7:::' \
    base_rootfs "$root" "$minimal"
  home "$root" /home/app 1000:1000
  os_release "$root" <<'EOF'
PRETTY_NAME="dockerfile-sim busybox (Debian 12 busybox-static 1.35.0)"
NAME="dockerfile-sim busybox"
ID=dfsim-busybox
VERSION_ID="1"
EOF
  import_rootfs "$root" "$3" "ENV PATH=$PATH_STD" 'CMD ["sh"]'
}

node_common() { # ROOT: files shared by both node stand-ins (uses NODE_VERSION, YARN_VERSION)
  local root=$1
  home "$root" /home/node 1000:1000
  stub "$root" /usr/local/bin/node "v$NODE_VERSION"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  stub "$root" /usr/local/lib/node_modules/npm/bin/npm-cli.js "8.1.0"
  stub "$root" /usr/local/lib/node_modules/npm/bin/npx-cli.js "8.1.0"
  dir "$root" "/opt/yarn-v$YARN_VERSION" 0755
  stub "$root" "/opt/yarn-v$YARN_VERSION/bin/yarn" "$YARN_VERSION"
  ln -s "/opt/yarn-v$YARN_VERSION/bin/yarn" "$root/usr/local/bin/yarn"
  # The real entrypoint: run `node ARGS` when the first argument is an option or not a command.
  put "$root" /usr/local/bin/docker-entrypoint.sh 0755 <<'EOF'
#!/bin/sh
set -e
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
EOF
}

build_node_bullseye() { # node:16-bullseye
  local root=$WORK/rootfs/node-16-bullseye
  local NODE_VERSION=16.20.2 YARN_VERSION=1.22.19   # read by node_common
  PASSWD_EXTRA='node:x:1000:1000::/home/node:/bin/sh' GROUP_EXTRA='node:x:1000:' \
  SHADOW_EXTRA='node:!:19000:0:99999:7:::' base_rootfs "$root"
  node_common "$root"
  os_release "$root" <<'EOF'
PRETTY_NAME="Debian GNU/Linux 11 (bullseye) [dockerfile-sim stand-in for node:16-bullseye]"
NAME="Debian GNU/Linux"
VERSION_ID="11"
VERSION="11 (bullseye)"
VERSION_CODENAME=bullseye
ID=debian
EOF
  echo 11.7 | put "$root" /etc/debian_version 0644
  import_rootfs "$root" node:16-bullseye "ENV PATH=$PATH_STD" \
    "ENV NODE_VERSION=$NODE_VERSION" "ENV YARN_VERSION=$YARN_VERSION" \
    'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["node"]'
}

build_node_alpine() { # node:16.13.0-alpine3.13
  local root=$WORK/rootfs/node-16.13.0-alpine3.13
  local NODE_VERSION=16.13.0 YARN_VERSION=1.22.15   # read by node_common
  PASSWD_EXTRA='node:x:1000:1000:Linux User,,,:/home/node:/bin/sh' GROUP_EXTRA='node:x:1000:node' \
  SHADOW_EXTRA='node:!:19000:0:99999:7:::' base_rootfs "$root"
  node_common "$root"
  os_release "$root" <<'EOF'
NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.13.7
PRETTY_NAME="Alpine Linux v3.13 [dockerfile-sim stand-in for node:16.13.0-alpine3.13]"
EOF
  echo 3.13.7 | put "$root" /etc/alpine-release 0644
  import_rootfs "$root" node:16.13.0-alpine3.13 "ENV PATH=$PATH_STD" \
    "ENV NODE_VERSION=$NODE_VERSION" "ENV YARN_VERSION=$YARN_VERSION" \
    'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["node"]'
}

build_ruby() { # ruby:3.0.3
  local root=$WORK/rootfs/ruby-3.0.3 b
  PASSWD_EXTRA='' GROUP_EXTRA='' SHADOW_EXTRA='' base_rootfs "$root"
  for b in ruby irb gem bundle bundler erb rake; do
    stub "$root" /usr/local/bin/$b "$b (ruby 3.0.3p157 stand-in)"
  done
  dir "$root" /usr/local/bundle 0777
  dir "$root" /usr/local/bundle/bin 0777
  put "$root" /usr/local/etc/gemrc 0644 <<'EOF'
install: --no-document
update: --no-document
EOF
  os_release "$root" <<'EOF'
PRETTY_NAME="Debian GNU/Linux 11 (bullseye) [dockerfile-sim stand-in for ruby:3.0.3]"
NAME="Debian GNU/Linux"
VERSION_ID="11"
VERSION="11 (bullseye)"
VERSION_CODENAME=bullseye
ID=debian
EOF
  echo 11.2 | put "$root" /etc/debian_version 0644
  import_rootfs "$root" ruby:3.0.3 \
    "ENV PATH=/usr/local/bundle/bin:$PATH_STD" 'ENV LANG=C.UTF-8' 'ENV RUBY_MAJOR=3.0' \
    'ENV RUBY_VERSION=3.0.3' \
    'ENV RUBY_DOWNLOAD_SHA256=88cc7f0f021f15c4cd62b1f922e3a401697f7943551fe45b1fdf4f2417a17a9c' \
    'ENV GEM_HOME=/usr/local/bundle' 'ENV BUNDLE_SILENCE_ROOT_WARNING=1' \
    'ENV BUNDLE_APP_CONFIG=/usr/local/bundle' 'CMD ["irb"]'
}

build_nginx() { # nginx:latest
  local root=$WORK/rootfs/nginx-latest
  PASSWD_EXTRA='nginx:x:101:101:nginx user:/nonexistent:/bin/false' GROUP_EXTRA='nginx:x:101:' \
  SHADOW_EXTRA='nginx:!:19000::::::' base_rootfs "$root"
  stub "$root" /usr/sbin/nginx "nginx version: nginx/1.27.5 (dockerfile-sim stand-in)"
  put "$root" /etc/nginx/nginx.conf 0644 <<'EOF'
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;

events {
    worker_connections  1024;
}

http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;
    sendfile        on;
    keepalive_timeout  65;
    include /etc/nginx/conf.d/*.conf;
}
EOF
  put "$root" /etc/nginx/conf.d/default.conf 0644 <<'EOF'
server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }
}
EOF
  put "$root" /etc/nginx/mime.types 0644 <<'EOF'
types {
    text/html                                        html htm shtml;
    text/css                                         css;
    application/javascript                           js;
}
EOF
  put "$root" /usr/share/nginx/html/index.html 0644 <<'EOF'
<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>dockerfile-sim stand-in for the official nginx image.</p>
</body>
</html>
EOF
  dir "$root" /var/log/nginx 0755
  ln -s /dev/stdout "$root/var/log/nginx/access.log"
  ln -s /dev/stderr "$root/var/log/nginx/error.log"
  dir "$root" /var/cache/nginx 0755
  dir "$root" /docker-entrypoint.d 0755
  put "$root" /docker-entrypoint.sh 0755 <<'EOF'
#!/bin/sh
set -e
exec "$@"
EOF
  os_release "$root" <<'EOF'
PRETTY_NAME="Debian GNU/Linux 12 (bookworm) [dockerfile-sim stand-in for nginx:latest]"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
EOF
  import_rootfs "$root" nginx:latest "ENV PATH=$PATH_STD" \
    'ENV NGINX_VERSION=1.27.5' 'ENV NJS_VERSION=0.8.10' 'ENV NJS_RELEASE=1~bookworm' \
    'ENV PKG_RELEASE=1~bookworm' 'ENV DYNPKG_RELEASE=1~bookworm' \
    'LABEL maintainer="NGINX Docker Maintainers <docker-maint@nginx.com>"' \
    'ENTRYPOINT ["/docker-entrypoint.sh"]' 'EXPOSE 80' 'STOPSIGNAL SIGQUIT' \
    'CMD ["nginx", "-g", "daemon off;"]'
}

# tag -> build command
IMAGES=(
  "dfsim/busybox:latest|build_busybox busybox full dfsim/busybox:latest"
  "dfsim/busybox-min:latest|build_busybox busybox-min minimal dfsim/busybox-min:latest"
  "node:16-bullseye|build_node_bullseye"
  "node:16.13.0-alpine3.13|build_node_alpine"
  "ruby:3.0.3|build_ruby"
  "nginx:latest|build_nginx"
)

safe_name() { echo "$1" | tr '/:' '__'; }   # dfsim/busybox:latest -> dfsim_busybox_latest

have() { docker image inspect "$1" >/dev/null 2>&1; }

mkdir -p "$WORK" "$OUT"
for entry in "${IMAGES[@]}"; do
  tag=${entry%%|*} cmd=${entry#*|}
  tar=$OUT/$(safe_name "$tag").tar
  if (( REBUILD )); then
    have "$tag" && docker image rm "$tag" >/dev/null
    rm -f "$tar"
  fi
  if have "$tag"; then
    log "$tag: present"
  elif [[ -f $tar ]]; then
    log "$tag: loading $tar"
    docker load -i "$tar" >/dev/null
    have "$tag" || die "$tar did not provide $tag"
  else
    log "$tag: building"
    $cmd
  fi
  if ! [[ -f $tar ]]; then
    docker save -o "$tar.tmp" "$tag"
    if (( $(stat -c %s "$tar.tmp") < MAX_TAR_BYTES )); then
      chmod 0644 "$tar.tmp" && mv "$tar.tmp" "$tar"
    else
      log "$tag: saved archive is $(du -h "$tar.tmp" | cut -f1), over 3 MB: not kept"
      rm -f "$tar.tmp"
    fi
  fi
done

# Summary: image sizes in the daemon and of the saved archives.
docker image ls --format '{{.Repository}}:{{.Tag}}\t{{.ID}}\t{{.Size}}' |
  grep -E '^(dfsim/busybox|dfsim/busybox-min|node|ruby|nginx):' | sort >&2
find "$OUT" -maxdepth 1 -name '*.tar' -printf '%9s  %p\n' | sort -k2 >&2
