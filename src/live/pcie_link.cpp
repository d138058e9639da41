#include "live/pcie_link.hpp"

#include <cstdlib>

#include "probe/root_fs.hpp"
#include "util/strings.hpp"

namespace gpudoctor::live {

int pcie_gen_from_speed(std::string_view text) {
  std::string s(util::trim(text));
  char* end = nullptr;
  double gts = std::strtod(s.c_str(), &end);
  if (end == s.c_str()) return 0;
  static const std::pair<double, int> kGens[] = {{2.5, 1}, {5, 2}, {8, 3}, {16, 4}, {32, 5}, {64, 6}, {128, 7}};
  for (const auto& [rate, gen] : kGens)
    if (gts > rate * 0.9 && gts < rate * 1.1) return gen;
  return 0;
}

double pcie_gbs(int gen, int width) {
  // Mb/s per lane after encoding overhead (PCIE_SPEED2MBS_ENC).
  static const double kLaneMbps[] = {0, 2000, 4000, 8000.0 * 128 / 130, 16000.0 * 128 / 130,
                                     32000.0 * 128 / 130, 64000, 128000};
  if (gen < 1 || gen > 7 || width <= 0) return 0;
  return kLaneMbps[gen] * width / 8 / 1000;
}

std::string normalize_bdf(std::string_view bdf) {
  std::string s = util::to_lower(util::trim(bdf));
  auto colon = s.find(':');
  // A bus id without domain ("01:00.0") gets domain 0; an 8-digit domain keeps its low 4.
  if (colon == std::string::npos) return s;
  if (s.find(':', colon + 1) == std::string::npos) return "0000:" + s;
  if (colon > 4) s = s.substr(colon - 4);
  else if (colon < 4) s = std::string(4 - colon, '0') + s;
  return s;
}

LinkState read_link_state(const std::string& sysfs_root, const std::string& bdf) {
  probe::RootFs fs("/");
  std::string dir = probe::path_join(sysfs_root, "bus/pci/devices/" + normalize_bdf(bdf));
  auto text = [&](const char* name) {
    auto r = fs.read(probe::path_join(dir, name), 256);
    return r ? std::string(util::trim(*r)) : std::string();
  };
  auto num = [&](const char* name) {
    auto v = util::parse_int(text(name));
    return v ? static_cast<int>(*v) : -1;
  };
  LinkState s;
  int g = pcie_gen_from_speed(text("current_link_speed"));
  s.gen = g ? g : -1;
  g = pcie_gen_from_speed(text("max_link_speed"));
  s.max_gen = g ? g : -1;
  s.width = num("current_link_width");
  s.max_width = num("max_link_width");
  return s;
}

}  // namespace gpudoctor::live
