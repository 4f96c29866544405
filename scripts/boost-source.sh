# Shared by the scripts that build Boost.Context and Boost.Fiber from one of Debian's own
# Boost source packages (build-tsan-boost.sh, build-boost.sh). Source it, then:
#   boost_source_key SRCPKG VERSION CALLER     the cache key of a build: source, scripts, compiler
#   boost_source_prepare [PACKAGE...]          build packages (+ extra ones) and a deb-src entry
#   boost_source_fetch WORK SRCPKG [VERSION]   apt-get source into WORK; sets boost_src
#   boost_source_build WORK PREFIX [B2_ARG...] bootstrap b2 in $boost_src and install
#                                              context + fiber (+ filesystem, which fiber links)
# Messages go to stderr, prefixed with $boost_log_name. FIBERLOG_JOBS (default 2) sets b2's
# -j; CXX (default g++) the compiler. Needs root (or sudo) only to install missing packages
# or to add the deb-src entry.

boost_log_name="${boost_log_name:-boost-source}"
boost_cxx="${CXX:-g++}"
boost_jobs="${FIBERLOG_JOBS:-2}"
boost_sudo=""
[[ $(id -u) -ne 0 ]] && boost_sudo="sudo"

boost_log() { echo "${boost_log_name}: $*" >&2; }

boost_source_key() {
    local srcpkg="$1" version="$2" caller="$3"
    echo "${srcpkg} ${version:-any} $(cat "${caller}" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1) $("${boost_cxx}" --version 2>/dev/null | head -n1)"
}

# Mirrors the deb entries of the Debian sources (deb822 or one-line format) as deb-src.
boost_have_src() {
    grep -rqsE '^(Types:.*deb-src|deb-src[[:space:]])' /etc/apt/sources.list /etc/apt/sources.list.d/
}

boost_source_prepare() {
    local packages=(build-essential dpkg-dev patch xz-utils bison "$@") missing=() p
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    local need_update=0
    if ! boost_have_src; then
        if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
            boost_log "adding /etc/apt/sources.list.d/fiberlog-deb-src.sources"
            sed -E 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
                | $boost_sudo tee /etc/apt/sources.list.d/fiberlog-deb-src.sources >/dev/null
        elif [[ -f /etc/apt/sources.list ]] && grep -qE '^deb[[:space:]]' /etc/apt/sources.list; then
            boost_log "adding /etc/apt/sources.list.d/fiberlog-deb-src.list"
            grep -E '^deb[[:space:]]' /etc/apt/sources.list | sed -E 's/^deb /deb-src /' \
                | $boost_sudo tee /etc/apt/sources.list.d/fiberlog-deb-src.list >/dev/null
        else
            boost_log "no Debian apt source found to mirror as deb-src"; return 1
        fi
        need_update=1
    fi
    if [[ ${#missing[@]} -gt 0 || ${need_update} -eq 1 ]]; then
        boost_log "apt-get update"
        $boost_sudo apt-get update -qq
    fi
    if [[ ${#missing[@]} -gt 0 ]]; then
        boost_log "installing ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive $boost_sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    fi
}

boost_source_fetch() {
    local work="$1" srcpkg="$2" version="${3:-}"
    boost_log "apt-get source ${srcpkg}${version:+=${version}} in ${work}"
    if ! (cd "${work}" && apt-get source -qq "${srcpkg}${version:+=${version}}" >&2); then
        # The installed version may have left the archive: take the current one.
        boost_log "version ${version} not available as source, taking the archive's"
        (cd "${work}" && apt-get source -qq "${srcpkg}" >&2)
    fi
    boost_src="$(find "${work}" -mindepth 1 -maxdepth 1 -type d -name "${srcpkg}-*" | head -n1)"
    [[ -n "${boost_src}" && -x "${boost_src}/bootstrap.sh" ]] || { boost_log "source tree not found"; return 1; }
}

boost_source_build() {
    local work="$1" prefix="$2"
    shift 2
    local toolset
    case "$("${boost_cxx}" --version | head -n1)" in
        *clang*) toolset=clang ;;
        *) toolset=gcc ;;
    esac
    if [[ "${toolset}" == gcc && "${boost_cxx}" != g++ ]]; then
        echo "using gcc : : ${boost_cxx} ;" > "${work}/user-config.jam"
    elif [[ "${toolset}" == clang && "${boost_cxx}" != clang++ ]]; then
        echo "using clang : : ${boost_cxx} ;" > "${work}/user-config.jam"
    else
        : > "${work}/user-config.jam"
    fi
    boost_log "bootstrap (b2)"
    # Debian's repacked source drops the generated parser of b2; regenerate it as
    # debian/rules does.
    (cd "${boost_src}/tools/build" && bison -y -d -o src/engine/jamgram.cpp src/engine/jamgram.y) >&2
    (cd "${boost_src}" && ./bootstrap.sh --with-toolset="${toolset}" --with-libraries=context,fiber,filesystem) >&2
    rm -rf "${prefix}"
    boost_log "b2 -j${boost_jobs}: context, fiber (+filesystem) $*"
    (cd "${boost_src}" && ./b2 -j"${boost_jobs}" -q -d1 \
        --user-config="${work}/user-config.jam" \
        --with-context --with-fiber \
        --prefix="${prefix}" --build-dir="${work}/build" \
        toolset="${toolset}" variant=release debug-symbols=on \
        link=shared runtime-link=shared threading=multi cxxstd=17 \
        dll-path="${prefix}/lib" "$@" install) >&2
}
