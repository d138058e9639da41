#include "probe/framework_loader.hpp"

#include <algorithm>

#include "parse/ld_so_cache.hpp"
#include "util/strings.hpp"

namespace gpudoctor::probe {

std::string expand_origin(std::string_view entry, std::string_view origin) {
  std::string out;
  for (size_t i = 0; i < entry.size();) {
    if (entry[i] != '$') {
      out += entry[i++];
      continue;
    }
    std::string_view rest = entry.substr(i);
    if (util::starts_with(rest, "$ORIGIN")) {
      out += origin;
      i += 7;
    } else if (util::starts_with(rest, "${ORIGIN}")) {
      out += origin;
      i += 9;
    } else {
      return "";  // $LIB/$PLATFORM depend on the loader build; not modelled
    }
  }
  return out.empty() ? "" : path_normalize(out);
}

SonameResolver::SonameResolver(ProbeContext& ctx, const facts::Facts& facts) : ctx_(ctx) {
  // glibc ignores empty LD_LIBRARY_PATH entries only in secure mode; otherwise they
  // mean the current directory, which a diagnosis cannot know, so they are skipped.
  const std::string llp = ctx.getenv("LD_LIBRARY_PATH");
  for (auto p : util::split(llp, ':'))
    if (!p.empty()) ld_library_path_.emplace_back(p);
  default_dirs_ = facts.loader.default_dirs;
  if (default_dirs_.empty())
    default_dirs_ = {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"};
  auto bytes = ctx.fs.read("/etc/ld.so.cache", 64u << 20);
  if (bytes) {
    auto cache = parse::parse_ld_so_cache(*bytes);
    if (cache) {
      for (const auto& e : cache->entries)
        if (e.is_x86_64) cache_.emplace_back(e.soname, e.path);
    }
  }
}

std::vector<SearchDir> SonameResolver::search_order(std::string_view caller, const std::vector<std::string>& rpath,
                                                    const std::vector<std::string>& runpath,
                                                    const std::vector<std::string>& exe_rpath,
                                                    std::string_view exe_origin) const {
  std::vector<SearchDir> out;
  std::string origin = path_dirname(caller);
  auto add = [&](const std::vector<std::string>& entries, std::string_view org, const std::string& tag) {
    for (const auto& e : entries) {
      std::string d = expand_origin(e, org);
      if (!d.empty()) out.push_back({d, tag + " " + e});
    }
  };
  // DT_RPATH counts only when the object has no DT_RUNPATH (ld.so(8)).
  if (runpath.empty()) {
    add(rpath, origin, "RPATH");
    add(exe_rpath, exe_origin, "python RPATH");
  }
  for (const auto& d : ld_library_path_) out.push_back({d, "LD_LIBRARY_PATH"});
  add(runpath, origin, "RUNPATH");
  out.push_back({"", "ld.so.cache"});  // placeholder: the cache is consulted by soname
  for (const auto& d : default_dirs_) out.push_back({d, "default dirs"});
  return out;
}

const std::vector<std::string>& SonameResolver::listing(const std::string& dir) const {
  auto it = listings_.find(dir);
  if (it != listings_.end()) return it->second;
  auto names = ctx_.fs.list_dir(dir);
  return listings_[dir] = names ? *names : std::vector<std::string>{};
}

Resolution SonameResolver::resolve(std::string_view soname, const std::vector<SearchDir>& order) const {
  Resolution r;
  r.searched = order;
  for (const auto& sd : order) {
    if (sd.via == "ld.so.cache") {
      for (const auto& [name, path] : cache_)
        if (name == soname && ctx_.fs.is_file(path)) {
          r.path = path;
          r.found_via = "ld.so.cache";
          return r;
        }
      continue;
    }
    const auto& names = listing(sd.dir);
    if (!std::binary_search(names.begin(), names.end(), std::string(soname))) continue;
    std::string p = path_join(sd.dir, soname);
    if (!ctx_.fs.is_file(p)) continue;  // a dangling link: the loader moves on
    r.path = p;
    r.found_via = sd.via;
    return r;
  }
  return r;
}

std::vector<std::string> SonameResolver::reachable_with_stem(std::string_view stem,
                                                             const std::vector<SearchDir>& order) const {
  std::vector<std::string> out;
  auto add = [&](const std::string& p) {
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  };
  for (const auto& sd : order) {
    if (sd.via == "ld.so.cache") {
      for (const auto& [name, path] : cache_)
        if (util::starts_with(name, stem)) add(path);
      continue;
    }
    for (const auto& n : listing(sd.dir))
      if (util::starts_with(n, stem)) add(path_join(sd.dir, n));
  }
  return out;
}

}  // namespace gpudoctor::probe
