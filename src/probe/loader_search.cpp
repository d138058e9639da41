#include "probe/loader_search.hpp"

#include <algorithm>

#include "parse/rtld_system_dirs.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

constexpr uint16_t kEmX8664 = 62;
constexpr uint16_t kEmAarch64 = 183;
constexpr size_t kMaxLdSoBytes = 8u << 20;
constexpr size_t kMaxCacheBytes = 64u << 20;
constexpr const char* kLdSoX8664 = "/lib64/ld-linux-x86-64.so.2";
constexpr const char* kLdSoAarch64 = "/lib/ld-linux-aarch64.so.1";

// Byte loads of the ELF header in the target's byte order (only called after
// EI_DATA matched it).
uint64_t load(std::string_view b, size_t off, size_t width, bool little) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) {
    size_t shift = little ? 8 * i : 8 * (width - 1 - i);
    v |= uint64_t{static_cast<unsigned char>(b[off + i])} << shift;
  }
  return v;
}

std::string strip_trailing_slashes(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (dir.empty()) dir = ".";
  return dir;
}

bool has_prefix_dir(std::string_view path, const std::vector<std::string>& dirs) {
  for (const auto& d : dirs) {
    if (d == "/" || (util::starts_with(path, d) && path.size() > d.size() && path[d.size()] == '/')) return true;
  }
  return false;
}

// open_verify's view of one path, read through the root.
void evaluate(const RootFs& fs, const LoaderEnvironment& env, SearchCandidate& c) {
  std::string abs = c.path.front() == '/' ? c.path : path_normalize(env.cwd + "/" + c.path);
  auto dir = fs.resolve(path_dirname(abs));
  if (!dir || !fs.is_dir(*dir)) {
    c.status = CandidateStatus::kMissing;
    c.detail = "directory does not exist";
    return;
  }
  auto file = fs.resolve(abs);
  if (!file) {
    c.detail = file.error;
    if (file.error == "no such file or directory") c.status = CandidateStatus::kMissing;
    else if (file.error == "permission denied") c.status = CandidateStatus::kNoAccess;
    else c.status = CandidateStatus::kListStop;
    return;
  }
  auto st = fs.stat(*file);
  if (!st) {
    c.detail = st.error;
    c.status = st.error == "no such file or directory" ? CandidateStatus::kMissing : CandidateStatus::kListStop;
    return;
  }
  if (st->is_dir) {
    // open(O_RDONLY) succeeds on a directory, the header read then fails with
    // EISDIR and open_verify gives up: "cannot read file data: Is a directory".
    c.status = CandidateStatus::kFatal;
    c.detail = "cannot read file data: is a directory";
    return;
  }
  if (!st->is_regular && !st->is_char_device) {
    c.status = CandidateStatus::kListStop;
    c.detail = "not a regular file";
    return;
  }
  auto head = fs.read(*file, 64);
  if (!head) {
    c.status = head.error == "permission denied" ? CandidateStatus::kNoAccess : CandidateStatus::kListStop;
    c.detail = head.error;
    return;
  }
  auto verdict = verify_elf_header(*head, env.arch);
  c.status = verdict.status;
  c.detail = verdict.detail;
}

}  // namespace

TargetArch TargetArch::x86_64() {
  TargetArch a;  // the defaults describe x86_64; the machine is spelt out like aarch64's
  a.elf_machine = kEmX8664;
  return a;
}

TargetArch TargetArch::aarch64() {
  TargetArch a;
  a.name = "aarch64";
  a.multiarch = "aarch64-linux-gnu";
  a.elf_machine = kEmAarch64;
  a.cache_flags = 0x0a03;
  a.dst_lib = "lib/aarch64-linux-gnu";
  a.dst_platform = "aarch64";
  return a;
}

TargetArch TargetArch::host() {
#if defined(__aarch64__)
  return aarch64();
#else
  return x86_64();
#endif
}

const char* search_source_name(SearchSource s) {
  switch (s) {
    case SearchSource::kDirect: return "path";
    case SearchSource::kRpath: return "DT_RPATH";
    case SearchSource::kLdLibraryPath: return "LD_LIBRARY_PATH";
    case SearchSource::kRunpath: return "DT_RUNPATH";
    case SearchSource::kLdSoCache: return "ld.so.cache";
    case SearchSource::kDefaultDirs: return "default dirs";
  }
  return "?";
}

const char* candidate_status_name(CandidateStatus s) {
  switch (s) {
    case CandidateStatus::kLoadable: return "loadable";
    case CandidateStatus::kMissing: return "missing";
    case CandidateStatus::kNoAccess: return "no access";
    case CandidateStatus::kWrongClass: return "wrong ELF class";
    case CandidateStatus::kWrongMachine: return "wrong machine";
    case CandidateStatus::kListStop: return "open error";
    case CandidateStatus::kFatal: return "not loadable";
  }
  return "?";
}

LoadingObject loading_object_from_elf(const parse::ElfInfo& elf, std::string_view object_path) {
  LoadingObject o;
  std::string origin = path_dirname(object_path);
  if (!elf.rpath.empty()) o.rpath_chain.push_back({elf.rpath, origin});
  o.runpath = {elf.runpath, origin};
  return o;
}

ElfHeaderVerdict verify_elf_header(std::string_view h, const TargetArch& arch) {
  // Order and wording of glibc elf/dl-load.c open_verify.
  const size_t ehdr_size = arch.is_64 ? 64 : 52;
  if (h.size() < ehdr_size) return {CandidateStatus::kFatal, "file too short"};
  if (h.substr(0, 4) != "\x7f" "ELF") return {CandidateStatus::kFatal, "invalid ELF header"};
  const auto ident = [&](size_t i) { return static_cast<unsigned char>(h[i]); };
  if (ident(4) != (arch.is_64 ? 2 : 1))
    return {CandidateStatus::kWrongClass, arch.is_64 ? "wrong ELF class: ELFCLASS32" : "wrong ELF class: ELFCLASS64"};
  if (ident(5) != (arch.little_endian ? 1 : 2))
    return {CandidateStatus::kFatal, arch.little_endian ? "ELF file data encoding not little-endian"
                                                        : "ELF file data encoding not big-endian"};
  if (ident(6) != 1) return {CandidateStatus::kFatal, "ELF file version ident does not match current one"};
  const unsigned osabi = ident(7), abiversion = ident(8);
  if (osabi != 0 && osabi != 3) return {CandidateStatus::kFatal, "ELF file OS ABI invalid"};  // SYSV or GNU
  // VALID_ELF_ABIVERSION: 0 for SYSV; for GNU below LIBC_ABI_MAX (a handful of tags).
  if ((osabi == 0 && abiversion != 0) || (osabi == 3 && abiversion >= 4))
    return {CandidateStatus::kFatal, "ELF file ABI version invalid"};
  for (size_t i = 9; i < 16; ++i)
    if (ident(i) != 0) return {CandidateStatus::kFatal, "nonzero padding in e_ident"};
  const bool le = arch.little_endian;
  if (load(h, 20, 4, le) != 1) return {CandidateStatus::kFatal, "ELF file version does not match current one"};
  const uint64_t machine = load(h, 18, 2, le);
  if (machine != arch.elf_machine)
    return {CandidateStatus::kWrongMachine, "ELF machine " + std::to_string(machine) + " is not " + arch.name};
  const uint64_t type = load(h, 16, 2, le);
  if (type != 3 && type != 2) return {CandidateStatus::kFatal, "only ET_DYN and ET_EXEC can be loaded"};
  if (type == 2) return {CandidateStatus::kFatal, "cannot dynamically load executable"};
  const uint64_t phentsize = arch.is_64 ? load(h, 54, 2, le) : load(h, 42, 2, le);
  if (phentsize != (arch.is_64 ? 56u : 32u))
    return {CandidateStatus::kFatal, "ELF file's phentsize not the expected size"};
  return {CandidateStatus::kLoadable, ""};
}

std::vector<std::string> split_ld_library_path(std::string_view value) {
  std::vector<std::string> out;
  if (value.empty()) return out;  // ld.so: `llp != NULL && *llp != '\0'`
  size_t start = 0;
  for (size_t i = 0; i <= value.size(); ++i) {
    if (i == value.size() || value[i] == ':' || value[i] == ';') {
      std::string_view part = value.substr(start, i - start);
      out.emplace_back(part.empty() ? "." : std::string(part));
      start = i + 1;
    }
  }
  return out;
}

std::optional<std::string> expand_dst(std::string_view entry, std::string_view origin, const TargetArch& arch) {
  // Tokens as in glibc elf/dl-load.c is_dst(): "$NAME" followed by '/' or the
  // end, or "${NAME}"; other '$' text is kept literally.
  struct Token {
    std::string_view name;
    std::string_view value;
  };
  const Token tokens[] = {{"ORIGIN", origin}, {"PLATFORM", arch.dst_platform}, {"LIB", arch.dst_lib}};
  std::string out;
  for (size_t i = 0; i < entry.size();) {
    if (entry[i] != '$') {
      out.push_back(entry[i++]);
      continue;
    }
    bool matched = false;
    for (const auto& t : tokens) {
      std::string_view rest = entry.substr(i + 1);
      size_t len = 0;
      if (util::starts_with(rest, "{") && util::starts_with(rest.substr(1), t.name) &&
          rest.substr(1 + t.name.size(), 1) == "}") {
        len = 1 + t.name.size() + 2;
      } else if (util::starts_with(rest, t.name) &&
                 (rest.size() == t.name.size() || rest[t.name.size()] == '/')) {
        len = 1 + t.name.size();
      }
      if (len == 0) continue;
      if (t.name == "ORIGIN" && origin.empty()) return std::nullopt;
      out += t.value;
      i += len;
      matched = true;
      break;
    }
    if (!matched) out.push_back(entry[i++]);
  }
  return out;
}

Resolution resolve_library(const RootFs& fs, std::string_view name, const LoaderEnvironment& env,
                           const LoadingObject& from) {
  Resolution res;
  res.name = std::string(name);
  std::vector<int> list_of;  // which search list each candidate belongs to
  int list_id = 0;

  auto add = [&](SearchSource src, std::string path, std::string entry) {
    SearchCandidate c;
    c.path = std::move(path);
    c.dir_entry = std::move(entry);
    c.source = src;
    evaluate(fs, env, c);
    res.candidates.push_back(std::move(c));
    list_of.push_back(list_id);
  };
  auto add_list = [&](SearchSource src, const std::vector<std::string>& entries, std::string_view origin) {
    ++list_id;
    std::vector<std::string> seen;  // fillin_rpath: a directory appears once per list
    for (const auto& e : entries) {
      auto dir = expand_dst(e, origin, env.arch);
      if (!dir) continue;
      std::string d = strip_trailing_slashes(*dir);
      if (std::find(seen.begin(), seen.end(), d) != seen.end()) continue;
      seen.push_back(d);
      add(src, d == "/" ? "/" + res.name : d + "/" + res.name, e);
    }
  };

  if (name.find('/') != std::string_view::npos) {
    ++list_id;
    add(SearchSource::kDirect, res.name, res.name);
  } else {
    if (from.runpath.entries.empty()) {
      for (const auto& list : from.rpath_chain) add_list(SearchSource::kRpath, list.entries, list.origin);
    }
    add_list(SearchSource::kLdLibraryPath, env.ld_library_path, "");
    add_list(SearchSource::kRunpath, from.runpath.entries, from.runpath.origin);
    if (env.cache && !env.inhibit_cache) {
      // _dl_load_cache_lookup: one entry for the name whose flags this ld.so
      // accepts. glibc >= 2.33 prefers a glibc-hwcaps entry the CPU supports;
      // not knowing the CPU, take the plain entry and fall back to a hwcaps one.
      const parse::LdCacheEntry* hit = nullptr;
      const parse::LdCacheEntry* hwcaps_hit = nullptr;
      for (const auto& e : env.cache->entries) {
        if (e.soname != name || e.flags != env.arch.cache_flags) continue;
        if (e.hwcap_subdir.empty()) {
          hit = &e;
          break;
        }
        if (!hwcaps_hit) hwcaps_hit = &e;
      }
      if (!hit) hit = hwcaps_hit;
      if (hit && !(from.nodeflib && has_prefix_dir(hit->path, env.default_dirs))) {
        ++list_id;
        add(SearchSource::kLdSoCache, hit->path, "/etc/ld.so.cache");
      }
    }
    if (!from.nodeflib) add_list(SearchSource::kDefaultDirs, env.default_dirs, "");
  }

  // Walk in order: the first loadable file wins, the first fatal one ends the
  // search, an open error skips the rest of its list.
  bool done = false, other_class = false;
  int skip_list = -1;
  for (size_t i = 0; i < res.candidates.size(); ++i) {
    auto& c = res.candidates[i];
    if (done || list_of[i] == skip_list) continue;
    c.reached = true;
    switch (c.status) {
      case CandidateStatus::kLoadable:
        res.selected = static_cast<int>(i);
        done = true;
        break;
      case CandidateStatus::kFatal:
        res.fatal = static_cast<int>(i);
        res.error = c.path + ": " + c.detail;
        done = true;
        break;
      case CandidateStatus::kListStop:
        skip_list = list_of[i];
        break;
      case CandidateStatus::kWrongClass:
        other_class = true;
        break;
      default:
        break;
    }
  }
  if (res.selected < 0 && res.fatal < 0) {
    res.error = res.name + ": " +
                (other_class ? std::string(env.arch.is_64 ? "wrong ELF class: ELFCLASS32" : "wrong ELF class: ELFCLASS64")
                             : std::string("cannot open shared object file: no such file or directory"));
  }
  return res;
}

TargetArch detect_target_arch(const RootFs& fs) {
  bool x86 = fs.exists(kLdSoX8664);
  bool arm = fs.exists(kLdSoAarch64);
  TargetArch host = TargetArch::host();
  if (x86 && arm) return host;
  if (x86) return TargetArch::x86_64();
  if (arm) return TargetArch::aarch64();
  return host;
}

std::vector<std::string> detect_default_dirs(const RootFs& fs, const TargetArch& arch, std::string* source) {
  const char* ld_so = arch.elf_machine == kEmAarch64 ? kLdSoAarch64 : kLdSoX8664;
  if (auto real = fs.resolve(ld_so)) {
    if (auto bytes = fs.read(*real, kMaxLdSoBytes)) {
      std::string_view scan = *bytes;
      if (auto elf = parse::parse_elf(*bytes)) {
        if (const auto* ro = parse::find_section(*elf, ".rodata")) {
          if (auto v = parse::section_bytes(*bytes, *ro)) scan = *v;
        }
      }
      auto dirs = parse::extract_rtld_system_dirs(scan);
      if (dirs.empty() && scan.size() != bytes->size()) dirs = parse::extract_rtld_system_dirs(*bytes);
      if (!dirs.empty()) {
        if (source) *source = std::string("ld.so ") + ld_so;
        return dirs;
      }
    }
  }
  if (fs.is_dir("/lib/" + arch.multiarch) || fs.is_dir("/usr/lib/" + arch.multiarch)) {
    if (source) *source = "table: multiarch";
    return {"/lib/" + arch.multiarch, "/usr/lib/" + arch.multiarch, "/lib", "/usr/lib"};
  }
  if (source) *source = "table: lib64";
  if (!arch.is_64) return {"/lib", "/usr/lib"};
  return {"/lib64", "/usr/lib64"};
}

LoaderEnvironment load_loader_environment(const RootFs& fs, std::string_view env_ld_library_path, std::string cwd) {
  LoaderEnvironment env;
  env.arch = detect_target_arch(fs);
  // On Debian/Ubuntu $LIB is the multiarch libdir (gtk3-nocsd's Debian package
  // preloads /usr/$LIB/libgtk3-nocsd.so.0 for that reason); elsewhere "lib64".
  if (!fs.is_dir("/lib/" + env.arch.multiarch) && !fs.is_dir("/usr/lib/" + env.arch.multiarch))
    env.arch.dst_lib = env.arch.is_64 ? "lib64" : "lib";
  env.ld_library_path = split_ld_library_path(env_ld_library_path);
  env.cwd = cwd.empty() || cwd.front() != '/' ? "/" : std::move(cwd);
  auto real = fs.resolve("/etc/ld.so.cache");
  bool truncated = false;
  auto bytes = real ? fs.read(*real, kMaxCacheBytes, &truncated) : Result<std::string>::fail(real.error);
  if (!bytes) {
    env.cache_error = bytes.error;
  } else if (truncated) {
    env.cache_error = "larger than 64 MiB";
  } else if (auto parsed = parse::parse_ld_so_cache(*bytes)) {
    env.cache = std::move(*parsed.value);
  } else {
    env.cache_error = parsed.error;
  }
  env.default_dirs = detect_default_dirs(fs, env.arch, &env.default_dirs_source);
  return env;
}

}  // namespace gpudoctor::probe
