#pragma once
// The settings of the apply tests whose migration backfills a new NOT NULL
// column, public.accounts.tag, in batches.

#include <string>

namespace schemadiff::testing {

// [apply] (after the caller's "[apply]" line), [safety] and [backfill] for a
// backfill in batches that start at 200 rows and aim at 2 s each.
inline std::string backfill_settings(const std::string &apply_settings) {
  return "batch_target_ms = 2000\n" + apply_settings +
         "\n[safety]\nbackfill_batch_rows = 200\n[backfill]\n\"public.accounts.tag\" = \"'tag-' || id\"\n";
}

} // namespace schemadiff::testing
