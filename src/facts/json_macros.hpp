#pragma once
// Facts serialise to JSON field by field; missing fields read back as defaults so
// facts files written by older versions still load.
#include <nlohmann/json.hpp>

#define GD_JSON(Type, ...) NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Type, __VA_ARGS__)
