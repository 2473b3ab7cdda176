#pragma once

namespace schemadiff {

inline constexpr const char *version = SCHEMADIFF_VERSION;

} // namespace schemadiff
