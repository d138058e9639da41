// A GPU UUID or MIG name in CUDA_VISIBLE_DEVICES or NVIDIA_VISIBLE_DEVICES matches no GPU here.
#include <fmt/format.h>

#include "parse/visible_devices.hpp"
#include "rules/core_rules.hpp"
#include "rules/rule_helpers.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

namespace {

using S = parse::EntryResolution::Status;

bool names_a_device(const parse::VisibleDeviceEntry& e) {
  return e.kind == parse::VisibleDeviceEntry::Kind::gpu_uuid || e.kind == parse::VisibleDeviceEntry::Kind::mig_uuid;
}

void add_evidence(findings::Finding& x, const parse::KnownGpus& gpus) {
  for (size_t i = 0; i < gpus.uuids.size(); ++i) x.evidence.push_back({fmt::format("GPU {}", i), gpus.uuids[i]});
  if (gpus.any_mig) x.evidence.push_back({"MIG mode", *gpus.any_mig ? "enabled on some GPU" : "off on every GPU"});
}

}  // namespace

GD_RULE(check_visible_devices_unknown_uuid) {
  const auto& f = ctx.facts;
  auto gpus = known_gpus(f);
  // CUDA_VISIBLE_DEVICES: the entry that cuts the list is a UUID or MIG name the driver cannot find.
  // A first entry is E501's (every GPU hidden); a later one is reported here, with E502 under it.
  if (auto value = env(f, "CUDA_VISIBLE_DEVICES")) {
    auto vd = parse::parse_visible_devices(*value);
    auto res = vd.resolve(gpus);
    if (res.size() > 1) {
      const auto& r = res.back();
      const auto& e = vd.entries[res.size() - 1];
      if (names_a_device(e) && (r.status == S::no_match || r.status == S::ambiguous)) {
        auto x = make_finding(info, fmt::format("CUDA_VISIBLE_DEVICES=\"{}\": {}; CUDA ignores it and every entry after it",
                                                *value, visible_entry_problem(e, r, gpus)));
        x.subject = "CUDA_VISIBLE_DEVICES";
        x.evidence.push_back({"CUDA_VISIBLE_DEVICES", *value});
        add_evidence(x, gpus);
        x.explanation = "CUDA accepts a GPU's full UUID or any prefix of it that names exactly one GPU, and MIG devices "
                        "by their MIG-<uuid> name. A UUID copied from another machine, or from before a GPU was replaced, "
                        "names nothing: the driver stops reading the list there.";
        x.fix = {"nvidia-smi -L   (lists this machine's GPU and MIG UUIDs)",
                 "export CUDA_VISIBLE_DEVICES=<a UUID from that list>   (or an index: 0,1)"};
        x.explains = {"E502", "E511"};
        out.push_back(std::move(x));
      }
    }
  }
  // NVIDIA_VISIBLE_DEVICES inside a container: the runtime read it when the container was made;
  // a UUID that names none of the GPUs the container got means they are not the ones asked for.
  if (auto value = env(f, "NVIDIA_VISIBLE_DEVICES"); value && in_container(f) && !gpus.uuids.empty()) {
    auto vd = parse::parse_visible_devices(*value);
    for (size_t i = 0; i < vd.entries.size(); ++i) {
      const auto& e = vd.entries[i];
      if (e.kind != parse::VisibleDeviceEntry::Kind::gpu_uuid) continue;
      parse::VisibleDevices one;
      one.entries = {e};
      auto r = one.resolve(gpus).front();
      if (r.status != S::no_match && r.status != S::ambiguous) continue;
      auto x = make_finding(info, fmt::format("NVIDIA_VISIBLE_DEVICES=\"{}\": {} (this container has {})", *value,
                                              visible_entry_problem(e, r, gpus),
                                              gpus.uuids.size() == 1 ? "1 GPU" : fmt::format("{} GPUs", gpus.uuids.size())));
      x.subject = "NVIDIA_VISIBLE_DEVICES";
      x.evidence.push_back({"NVIDIA_VISIBLE_DEVICES", *value});
      add_evidence(x, gpus);
      x.explanation = "The NVIDIA container runtime gives a container the GPUs that NVIDIA_VISIBLE_DEVICES (or --gpus) "
                      "names. A UUID here that matches none of the container's GPUs means the variable was changed "
                      "after start, or the devices came from elsewhere (--device, CDI): the job may run on other GPUs "
                      "than intended.";
      x.fix = {"start the container with the GPUs you mean: docker run --gpus '\"device=<uuid>\"' ...",
               "nvidia-smi -L on the host lists the UUIDs"};
      out.push_back(std::move(x));
      break;
    }
  }
}

}  // namespace gpudoctor::rules
