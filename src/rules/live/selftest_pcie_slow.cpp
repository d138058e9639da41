// Selftest host<->device bandwidth is far below what the PCIe link should carry.
#include "rules/live/selftest_rows.hpp"

namespace gpudoctor::rules {

GD_RULE(check_selftest_pcie_slow) {
  live_util::selftest_row_findings(
      ctx, info, out, "slow", {"h2d", "d2h"},
      "Copies from pinned host memory normally reach about 80% of the link's encoded rate (generation x width). "
      "Far less means the link trained below its maximum (slot, riser, BIOS), the process runs on the far NUMA "
      "node, or an IOMMU/virtualisation layer is in the way.",
      {"sudo lspci -vv -d 10de: | grep -E 'LnkCap|LnkSta'", "nvidia-smi topo -m   # the CPU/NUMA affinity",
       "numactl --cpunodebind=<node> gpudoctor selftest"});
}

}  // namespace gpudoctor::rules
