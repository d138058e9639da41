# The package version is the project's one version (CMakeLists.txt `project(... VERSION ...)`),
# written into the wheel's metadata by scikit-build-core; read it back from there.
try:
    from importlib.metadata import PackageNotFoundError, version
except ImportError:  # Python < 3.8 is not supported, but keep import errors readable
    raise
try:
    __version__ = version("gpudoctor")
except PackageNotFoundError:
    __version__ = "0+unknown"
