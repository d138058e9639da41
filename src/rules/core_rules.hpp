#pragma once
// The rule functions of the core areas; their metadata is in core_registry.cpp.
#include "rules/rule.hpp"

namespace gpudoctor::rules {

#define GD_RULE(name) void name(const Context& ctx, const RuleInfo& info, std::vector<findings::Finding>& out)

GD_RULE(check_no_gpu_hardware);
GD_RULE(check_cc_below_cuda_minimum);
GD_RULE(check_driver_not_installed);
GD_RULE(check_nouveau_bound);
GD_RULE(check_gpu_vfio_bound);
GD_RULE(check_module_not_loaded);
GD_RULE(check_uvm_not_loaded);
GD_RULE(check_device_nodes_missing);
GD_RULE(check_device_permission);
GD_RULE(check_driver_userland_mismatch);
GD_RULE(check_driver_unsupported_gpu);
GD_RULE(check_gpu_not_claimed);
GD_RULE(check_device_node_wrong_type);
GD_RULE(check_libcuda_missing);
GD_RULE(check_libcuda_stub);
GD_RULE(check_library_shadowed);
GD_RULE(check_driver_too_old);
GD_RULE(check_visible_devices_hidden);
GD_RULE(check_visible_devices_partial);
GD_RULE(check_nvidia_visible_devices_none);
GD_RULE(check_driver_capabilities_no_compute);
GD_RULE(check_tf_log_level_hides_errors);
GD_RULE(check_ld_library_path_missing_dirs);
GD_RULE(check_jax_platforms_cpu);
GD_RULE(check_cuda_home_invalid);
GD_RULE(check_ld_preload_cuda);
GD_RULE(check_visible_devices_unknown_uuid);
GD_RULE(check_visible_devices_subset);
GD_RULE(check_container_no_gpu);
GD_RULE(check_k8s_no_gpu_request);
GD_RULE(check_wsl_gpu_driver_missing);
GD_RULE(check_wsl_libcuda_shadowed);
GD_RULE(check_shm_too_small);

}  // namespace gpudoctor::rules
