# Shared by bin/run and bin/test: install what is missing with the platform's package manager (Debian/Ubuntu
# apt-get, as root or through sudo), or say exactly what to install.

install_packages() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "missing: $* -- install them with your package manager, then run this again" >&2
    exit 1
  fi
  local run=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then run=(sudo); else
      echo "missing: $* -- run as root, or: apt-get install -y $*" >&2
      exit 1
    fi
  fi
  echo "installing: $*"
  "${run[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq "$@"
}

java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | sed -n 1p; }

# A JDK 17+ (javac too: the build compiles), and unzip (./mvnw unpacks the Maven it fetches).
ensure_build_tools() {
  local missing=()
  if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ] || ! command -v javac >/dev/null 2>&1; then
    missing+=(openjdk-17-jdk-headless)
  fi
  command -v unzip >/dev/null 2>&1 || missing+=(unzip)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then install_packages "${missing[@]}"; fi
}
