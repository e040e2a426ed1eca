# Sourced by the ensure-*.sh scripts: `apt_install WHY PACKAGE...` installs Debian packages the
# tests need, as root (CI runs as root), or, for anyone else, says the command to run and fails.
apt_install() {
  local why=$1
  shift
  [ $# -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages ($why). Install them: sudo apt-get update && sudo apt-get install -y --no-install-recommends $*" >&2
    return 1
  fi
  echo "Installing Debian's $* ($why)..."
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}
