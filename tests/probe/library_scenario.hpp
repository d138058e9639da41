#pragma once
// Test fixture trees for the library and toolkit probes. A scenario is a
// directory tests/fixtures/libs/<name>/ with
//   root/          static files copied into a temporary root (headers,
//                  version.json, dist-info RECORDs, ...), and
//   manifest.txt   lines that build the rest, so no binary is committed:
//     so <path> <soname|-> [sym=<name>]... [class=32] [machine=<n>] [str=<text to end of line>]
//         a tiny shared library built with `cc -shared`; class/machine patch
//         the ELF header afterwards (a foreign library without a cross compiler)
//     garbage <path> <bytes>      not an ELF file
//     truncate <path> <soname> <bytes>   the first bytes of a built library
//     link <path> <target>        a symbolic link (target as written)
//     dir <path>                  an empty directory
//     exec <path> <text to end of line>  an executable shell script ("\n" for newlines)
//     cache <soname> <path> [flags]      an /etc/ld.so.cache entry (default 0x0303)
//     ldso <dir>...               a fake ld.so holding glibc's SYSTEM_DIRS table
//     env <NAME>=<value>          the probe's environment
// Paths are inside the root. Helpers are header-only so every test can use them.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "probe/probe_context.hpp"
#include "util/strings.hpp"
#include "util/subprocess.hpp"

namespace gpudoctor::testing {

namespace fs = std::filesystem;

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// A fresh directory under $TMPDIR, removed by the destructor.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "gd_libprobe_XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data()) ? tmpl : std::string();
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Builds tiny shared libraries with the C compiler, once per distinct recipe.
class SoBuilder {
 public:
  static SoBuilder& instance() {
    static SoBuilder b;
    return b;
  }
  bool available() const { return !cc_.empty(); }

  // Path of a built library with this SONAME ("" for none), extra exported
  // functions and an optional .rodata string; "" when building failed (`error` says why).
  std::string build(const std::string& soname, const std::vector<std::string>& syms, const std::string& str,
                    std::string* error) {
    std::lock_guard<std::mutex> lock(mu_);
    std::string key = soname + "|" + util::join(syms, ",") + "|" + str;
    auto it = built_.find(key);
    if (it != built_.end()) return it->second;
    std::string base = dir_.path() + "/lib" + std::to_string(built_.size());
    std::string src = "int gd_fixture_marker(void) { return 0; }\n";
    for (const auto& s : syms) src += "void " + s + "(void) {}\n";
    if (!str.empty()) src += "__attribute__((used)) const char gd_fixture_banner[] = \"" + str + "\";\n";
    write_file(base + ".c", src);
    std::vector<std::string> argv{cc_, "-shared", "-fPIC", "-O0", "-o", base + ".so", base + ".c"};
    if (!soname.empty()) argv.push_back("-Wl,-soname," + soname);
    auto r = util::run_command(argv, 60000);
    if (r.exit_code != 0) {
      if (error) *error = "cc failed: " + r.error + r.err;
      return {};
    }
    built_[key] = base + ".so";
    return base + ".so";
  }

 private:
  SoBuilder() {
    for (const char* c : {"cc", "gcc", "clang"}) {
      std::string p = util::find_in_path(c, std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin");
      if (!p.empty()) {
        cc_ = p;
        break;
      }
    }
  }
  std::mutex mu_;
  TempDir dir_;
  std::string cc_;
  std::map<std::string, std::string> built_;
};

// Little-endian glibc-ld.so.cache1.1 (glibc sysdeps/generic/dl-cache.h): 48-byte
// header, 24-byte entries, then the strings; offsets count from the header.
struct CacheEntry {
  std::string soname, path;
  int32_t flags = 0x0303;
};
inline std::string build_ld_so_cache(const std::vector<CacheEntry>& entries) {
  auto put32 = [](std::string& s, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) s[at + static_cast<size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
  };
  const size_t header = 48, entry = 24;
  std::string strings;
  std::vector<std::pair<uint32_t, uint32_t>> offs;
  size_t strings_at = header + entries.size() * entry;
  for (const auto& e : entries) {
    uint32_t k = static_cast<uint32_t>(strings_at + strings.size());
    strings += e.soname + '\0';
    uint32_t v = static_cast<uint32_t>(strings_at + strings.size());
    strings += e.path + '\0';
    offs.emplace_back(k, v);
  }
  std::string out(strings_at, '\0');
  out.replace(0, 20, "glibc-ld.so.cache1.1");
  put32(out, 20, static_cast<uint32_t>(entries.size()));
  put32(out, 24, static_cast<uint32_t>(strings.size()));
  out[28] = 2;  // little endian
  for (size_t i = 0; i < entries.size(); ++i) {
    size_t at = header + i * entry;
    put32(out, at, static_cast<uint32_t>(entries[i].flags));
    put32(out, at + 4, offs[i].first);
    put32(out, at + 8, offs[i].second);
  }
  return out + strings;
}

struct Scenario {
  std::unique_ptr<TempDir> dir = std::make_unique<TempDir>();
  std::map<std::string, std::string> env;
  std::vector<CacheEntry> cache;
  std::map<std::string, std::string> built;  // soname -> built file, for `truncate`

  const std::string& root() const { return dir->path(); }
  std::string host(const std::string& path) const { return root() + path; }

  probe::ProbeContext context() const {
    probe::ProbeContext ctx;
    ctx.fs = probe::RootFs(root());
    ctx.env = env;
    ctx.allow_exec = false;
    return ctx;
  }
};

// Applies one manifest line; returns "" or an error.
inline std::string apply_manifest_line(Scenario& s, const std::string& raw) {
  std::string line(util::trim(raw));
  if (line.empty() || line[0] == '#') return {};
  std::vector<std::string> w;
  std::string rest_after_str;
  {
    std::string cur;
    std::istringstream in(line);
    while (in >> cur) {
      if (util::starts_with(cur, "str=")) {
        rest_after_str = line.substr(line.find("str=") + 4);
        break;
      }
      w.push_back(cur);
    }
  }
  const std::string& kind = w[0];
  auto need = [&](size_t n) { return w.size() >= n ? std::string() : "manifest: too few fields in: " + line; };
  if (kind == "so") {
    if (auto e = need(3); !e.empty()) return e;
    std::vector<std::string> syms;
    int cls = 64;
    int machine = 0;
    for (size_t i = 3; i < w.size(); ++i) {
      if (util::starts_with(w[i], "sym=")) syms.push_back(w[i].substr(4));
      if (util::starts_with(w[i], "class=")) cls = std::stoi(w[i].substr(6));
      if (util::starts_with(w[i], "machine=")) machine = std::stoi(w[i].substr(8));
    }
    std::string soname = w[2] == "-" ? "" : w[2];
    std::string err;
    std::string built = SoBuilder::instance().build(soname, syms, rest_after_str, &err);
    if (built.empty()) return err;
    std::string bytes = read_file(built);
    if (cls == 32) bytes[4] = 1;
    if (machine) {
      bytes[18] = static_cast<char>(machine & 0xff);
      bytes[19] = static_cast<char>((machine >> 8) & 0xff);
    }
    write_file(s.host(w[1]), bytes);
    s.built[soname] = built;
  } else if (kind == "garbage") {
    if (auto e = need(3); !e.empty()) return e;
    std::string bytes;
    size_t n = std::stoul(w[2]);
    for (size_t i = 0; i < n; ++i) bytes.push_back(static_cast<char>('A' + i % 26));
    write_file(s.host(w[1]), bytes);
  } else if (kind == "truncate") {
    if (auto e = need(4); !e.empty()) return e;
    auto it = s.built.find(w[2]);
    if (it == s.built.end()) return "manifest: truncate of a library not built yet: " + w[2];
    write_file(s.host(w[1]), read_file(it->second).substr(0, std::stoul(w[3])));
  } else if (kind == "link") {
    if (auto e = need(3); !e.empty()) return e;
    fs::create_directories(fs::path(s.host(w[1])).parent_path());
    std::error_code ec;
    fs::create_symlink(w[2], s.host(w[1]), ec);
    if (ec) return "manifest: symlink " + w[1] + ": " + ec.message();
  } else if (kind == "dir") {
    if (auto e = need(2); !e.empty()) return e;
    fs::create_directories(s.host(w[1]));
  } else if (kind == "exec") {
    if (auto e = need(2); !e.empty()) return e;
    std::string text = line.substr(line.find(w[1]) + w[1].size() + 1);
    std::string body;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'n') {
        body.push_back('\n');
        ++i;
      } else {
        body.push_back(text[i]);
      }
    }
    write_file(s.host(w[1]), body + "\n");
    ::chmod(s.host(w[1]).c_str(), 0755);
  } else if (kind == "cache") {
    if (auto e = need(3); !e.empty()) return e;
    CacheEntry c{w[1], w[2]};
    if (w.size() > 3) c.flags = static_cast<int32_t>(std::stoul(w[3], nullptr, 0));
    s.cache.push_back(c);
  } else if (kind == "ldso") {
    std::string table(1, '\0');
    for (size_t i = 1; i < w.size(); ++i) table += w[i] + "/" + '\0';
    write_file(s.host("/lib64/ld-linux-x86-64.so.2"), "not really ld.so" + table + "tail");
  } else if (kind == "env") {
    if (auto e = need(2); !e.empty()) return e;
    auto eq = line.find('=');
    std::string name = line.substr(4, eq - 4);
    s.env[std::string(util::trim(name))] = line.substr(eq + 1);
  } else {
    return "manifest: unknown directive: " + kind;
  }
  return {};
}

// Loads tests/fixtures/libs/<name>; fails the test on a broken manifest and
// skips it when there is no C compiler to build the libraries.
inline std::unique_ptr<Scenario> load_scenario(const std::string& name) {
  auto s = std::make_unique<Scenario>();
  fs::path base = fs::path(GD_FIXTURES) / "libs" / name;
  if (fs::exists(base / "root")) {
    fs::copy(base / "root", s->root(), fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  }
  std::istringstream manifest(read_file(base / "manifest.txt"));
  std::string line;
  while (std::getline(manifest, line)) {
    std::string err = apply_manifest_line(*s, line);
    if (!err.empty()) {
      ADD_FAILURE() << name << ": " << err;
      return nullptr;
    }
  }
  if (!s->cache.empty()) write_file(s->host("/etc/ld.so.cache"), build_ld_so_cache(s->cache));
  return s;
}

#define GD_LOAD_SCENARIO(var, name)                                                       \
  if (!::gpudoctor::testing::SoBuilder::instance().available()) GTEST_SKIP() << "no cc"; \
  auto var = ::gpudoctor::testing::load_scenario(name);                                   \
  ASSERT_NE(var, nullptr)

}  // namespace gpudoctor::testing
