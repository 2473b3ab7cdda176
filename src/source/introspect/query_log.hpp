#pragma once
// introspect() reporting every catalog query as it runs it: lets a test see
// that the number of round trips is fixed by design, whatever the catalog.

#include "schemadiff/source/introspect.hpp"

#include <functional>

namespace schemadiff::source {

model::Catalog introspect(const std::string &conninfo, const std::function<void(const CatalogQuery &)> &on_query);

} // namespace schemadiff::source
