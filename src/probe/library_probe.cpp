// probe_loader and probe_libraries: how the dynamic loader is set up, and every
// file that could answer for libcuda, NVML, cudart, cuBLAS, ..., with the one
// the loader would pick. Nothing is dlopen()ed: files are mmap()ed and parsed.
#include <algorithm>
#include <map>
#include <set>

#include "parse/so_version.hpp"
#include "probe/library_elf.hpp"
#include "probe/library_places.hpp"
#include "probe/library_specs.hpp"
#include "probe/library_stub.hpp"
#include "probe/library_version.hpp"
#include "probe/loader_search.hpp"
#include "probe/probes.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {
namespace {

// The directory relative search entries ("." from an empty LD_LIBRARY_PATH
// element) stand for: the shell's $PWD when it is absolute, else "/".
std::string probe_cwd(const ProbeContext& ctx) {
  std::string pwd = ctx.getenv("PWD");
  return !pwd.empty() && pwd.front() == '/' ? pwd : "/";
}

LoaderEnvironment environment_of(const ProbeContext& ctx) {
  return load_loader_environment(ctx.fs, ctx.getenv("LD_LIBRARY_PATH"), probe_cwd(ctx));
}

std::string cache_format_name(const std::string& parser_format) {
  if (parser_format == "new") return "glibc-ld.so.cache1.1";
  if (parser_format == "old") return "ld.so-1.7.0";
  if (parser_format == "old+new") return "ld.so-1.7.0+glibc-ld.so.cache1.1";
  return parser_format;
}

// Builds one LibraryFacts: candidates from the loader's own search first (so
// their indices and found_via reflect ld.so), then files in the other places.
class LibraryCollector {
 public:
  LibraryCollector(ProbeContext& ctx, const LoaderEnvironment& env, const std::vector<SearchPlace>& places,
                   VersionCache& versions)
      : ctx_(ctx), env_(env), places_(places), versions_(versions) {}

  facts::LibraryFacts collect(const LibrarySpec& spec) {
    spec_ = &spec;
    out_ = facts::LibraryFacts{};
    keys_.clear();
    wanted_keys_.clear();
    out_.id = std::string(spec.id);
    out_.display = std::string(spec.display);
    for (auto n : spec.sonames) out_.sonames_wanted.emplace_back(n);

    std::vector<std::string_view> names(spec.sonames.begin(), spec.sonames.end());
    names.insert(names.end(), spec.extra_names.begin(), spec.extra_names.end());
    std::set<std::string> on_path;  // candidate paths met while resolving a wanted SONAME
    for (size_t i = 0; i < names.size(); ++i) {
      bool wanted = i < spec.sonames.size();
      Resolution res = resolve_library(ctx_.fs, names[i], env_);
      facts::LibraryResolution fr;
      fr.name = res.name;
      for (size_t k = 0; k < res.candidates.size(); ++k) {
        const auto& c = res.candidates[k];
        fr.searched.push_back(std::string(search_source_name(c.source)) + " " + c.path);
        if (c.status == CandidateStatus::kMissing) continue;
        if (wanted) on_path.insert(c.path);
        int idx = add_candidate(c.path, search_source_name(c.source));
        if (static_cast<int>(k) == res.selected) fr.selected = idx;
      }
      if (fr.selected < 0) fr.error = res.error;
      out_.resolutions.push_back(std::move(fr));
    }
    for (const auto& place : places_) scan(place);
    for (auto& c : out_.candidates) c.on_loader_path = on_path.count(c.path) != 0;
    for (size_t i = 0; i < spec.sonames.size() && i < out_.resolutions.size(); ++i) {
      if (out_.resolutions[i].selected >= 0) {
        out_.selected = out_.resolutions[i].selected;
        break;
      }
    }
    fill_majors();
    return std::move(out_);
  }

 private:
  // Index of the candidate for `path`, adding it when new. The same file seen
  // again under the same directory spelling keeps its first found_via.
  int add_candidate(const std::string& path, std::string_view found_via) {
    for (size_t i = 0; i < out_.candidates.size(); ++i)
      if (out_.candidates[i].path == path) return static_cast<int>(i);
    LibraryFileOptions opts;
    opts.arch = env_.arch;
    if (spec_->stem == "libcuda") opts.dynstr_needles.emplace_back(kLibcudaDriverExport);
    opts.rodata_prefix = std::string(spec_->rodata_prefix);
    LibraryFileInfo info = inspect_library_file(ctx_.fs, path, opts);

    facts::LibraryCandidate c;
    c.path = path;
    c.real_path = info.real_path;
    c.found_via = std::string(found_via);
    c.size = info.size;
    c.elf_class = info.elf_class;
    c.error = info.error;
    if (info.error.empty()) {
      c.soname = info.elf.soname;
      c.elf_machine = elf_machine_name(info.elf.machine);
    }
    if (!info.real_path.empty() && info.error != "is a directory" && info.error != "not a regular file")
      c.loader_status = info.loader_verdict.status == CandidateStatus::kLoadable ? "loadable" : info.loader_verdict.detail;
    auto stub = classify_stub(path, info, spec_->stem, spec_->driver_lib);
    c.is_stub = stub.is_stub;
    c.stub_reason = stub.reason;
    if (!info.real_path.empty()) {
      auto v = detect_library_version(ctx_.fs, *spec_, path, info, versions_);
      c.version = v.version;
      c.version_source = v.source;
    }
    std::string key = key_of(path, info.real_path);
    keys_.insert(key);
    if (rank(path_basename(path)) >= 1000) wanted_keys_.insert(key);
    out_.candidates.push_back(std::move(c));
    return static_cast<int>(out_.candidates.size() - 1);
  }

  // A file is "the same candidate" when it is the same real file reached
  // through the same real directory; another directory is another route.
  std::string key_of(const std::string& path, const std::string& real) {
    auto dir = ctx_.fs.resolve(path_dirname(path));
    return (dir ? *dir : path_dirname(path)) + "|" + (real.empty() ? path : real);
  }

  void scan(const SearchPlace& place) {
    auto real_dir = ctx_.fs.resolve(place.dir);
    if (!real_dir) return;
    auto names = listing(*real_dir);
    // Group the matching names by the file they lead to; report each file
    // once, under the name the loader asks for when there is one.
    std::vector<std::pair<std::string, std::string>> picks;  // real path -> chosen name
    for (const auto& n : names) {
      if (!parse::is_so_file_of(n, spec_->stem)) continue;
      std::string path = path_join(place.dir, n);
      auto real = ctx_.fs.resolve(path);
      std::string key = real ? *real : path;
      auto it = std::find_if(picks.begin(), picks.end(), [&](const auto& p) { return p.first == key; });
      if (it == picks.end()) {
        picks.emplace_back(key, n);
      } else if (rank(n) > rank(it->second)) {
        it->second = n;
      }
    }
    for (const auto& [real, name] : picks) {
      std::string path = path_join(place.dir, name);
      std::string key = key_of(path, real);
      // Already reported from this directory: skip, unless it was only under
      // another name and this one is the SONAME the loader asks for.
      if (keys_.count(key) && (rank(name) < 1000 || wanted_keys_.count(key))) continue;
      bool known = false;
      for (const auto& c : out_.candidates) known = known || c.path == path;
      if (!known) add_candidate(path, place.found_via);
    }
  }

  // Which of several names for one file to show: a wanted SONAME, then an
  // extra name, then the most specific versioned name.
  int rank(const std::string& name) const {
    for (auto s : spec_->sonames)
      if (name == s) return 1000;
    for (auto s : spec_->extra_names)
      if (name == s) return 900;
    return static_cast<int>(std::count(name.begin(), name.end(), '.'));
  }

  const std::vector<std::string>& listing(const std::string& real_dir) {
    auto it = listings_.find(real_dir);
    if (it != listings_.end()) return it->second;
    std::vector<std::string> names;
    if (auto l = ctx_.fs.list_dir(real_dir)) {
      names = std::move(*l.value);
    } else {
      ctx_.problem("libraries", real_dir, l.error);
    }
    return listings_.emplace(real_dir, std::move(names)).first->second;
  }

  void fill_majors() {
    std::vector<int> majors;
    for (const auto& c : out_.candidates) {
      if (c.is_stub || !c.error.empty()) continue;
      auto m = parse::so_major(c.soname, spec_->stem);
      if (!m) m = parse::so_major(path_basename(c.path), spec_->stem);
      if (m && std::find(majors.begin(), majors.end(), *m) == majors.end()) majors.push_back(*m);
    }
    std::sort(majors.rbegin(), majors.rend());
    for (int m : majors) out_.majors_found.push_back(std::to_string(m));
  }

  ProbeContext& ctx_;
  const LoaderEnvironment& env_;
  const std::vector<SearchPlace>& places_;
  VersionCache& versions_;
  const LibrarySpec* spec_ = nullptr;
  facts::LibraryFacts out_;
  std::set<std::string> keys_;         // real dir | real file of every candidate
  std::set<std::string> wanted_keys_;  // the same, for candidates named by a wanted SONAME
  std::map<std::string, std::vector<std::string>> listings_;
};

}  // namespace

void probe_loader(ProbeContext& ctx, facts::LoaderFacts& out) {
  LoaderEnvironment env = environment_of(ctx);
  out.arch = env.arch.name;
  out.ld_library_path = env.ld_library_path;
  out.default_dirs = env.default_dirs;
  out.default_dirs_source = env.default_dirs_source;
  if (env.cache) {
    out.cache_format = cache_format_name(env.cache->format);
    out.cache_generator = env.cache->generator;
    out.cache_entries = static_cast<int>(env.cache->entries.size());
    for (const auto& e : env.cache->entries) {
      std::string dir = path_dirname(e.path);
      if (std::find(out.cache_dirs.begin(), out.cache_dirs.end(), dir) == out.cache_dirs.end())
        out.cache_dirs.push_back(dir);
    }
  } else {
    out.cache_error = env.cache_error;
    // A missing cache is a fact about the system; a cache that exists but
    // cannot be read or parsed is something the report must show.
    if (env.cache_error != "no such file or directory") ctx.problem("loader", "/etc/ld.so.cache", env.cache_error);
  }
}

void probe_libraries(ProbeContext& ctx, const facts::LoaderFacts&, std::vector<facts::LibraryFacts>& out) {
  LoaderEnvironment env = environment_of(ctx);
  std::vector<SearchPlace> places = library_search_places(ctx, env);
  VersionCache versions(ctx.fs);
  LibraryCollector collector(ctx, env, places, versions);
  for (const auto& spec : library_specs()) out.push_back(collector.collect(spec));
  for (auto& p : versions.problems) ctx.problems.push_back(std::move(p));
}

}  // namespace gpudoctor::probe
