#pragma once
// Everything footprint offers, in one include.

#include "footprint/catalog.hpp"
#include "footprint/cfp.hpp"
#include "footprint/cfp_report.hpp"
#include "footprint/data_paths.hpp"
#include "footprint/error.hpp"
#include "footprint/factor.hpp"
#include "footprint/factor_library.hpp"
#include "footprint/gwp.hpp"
#include "footprint/inventory.hpp"
#include "footprint/region.hpp"
#include "footprint/source.hpp"
#include "footprint/unit_registry.hpp"
#include "footprint/units.hpp"
#include "footprint/version.hpp"
