#pragma once
// Everything footprint offers, in one include, stage by stage in the order of the flow.

#include "footprint/core/atomic_file.hpp"
#include "footprint/core/calendar.hpp"
#include "footprint/core/data_paths.hpp"
#include "footprint/core/digest.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/core/source.hpp"
#include "footprint/core/text.hpp"
#include "footprint/core/version.hpp"

#include "footprint/quantities/gwp.hpp"
#include "footprint/quantities/unit_registry.hpp"
#include "footprint/quantities/units.hpp"

#include "footprint/factors/factor.hpp"
#include "footprint/factors/factor_diff.hpp"
#include "footprint/factors/factor_distribution.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/factors/factor_report.hpp"
#include "footprint/factors/factor_set.hpp"
#include "footprint/factors/region.hpp"

#include "footprint/products/catalog.hpp"
#include "footprint/products/cfp.hpp"
#include "footprint/products/cfp_report.hpp"
#include "footprint/products/inventory.hpp"

#include "footprint/methodology/expression.hpp"
#include "footprint/methodology/methodology.hpp"

#include "footprint/plan/plan.hpp"
#include "footprint/plan/inputs.hpp"

#include "footprint/ingest/csv_reader.hpp"
#include "footprint/ingest/ledger.hpp"
#include "footprint/ingest/sample_data.hpp"
#include "footprint/ingest/shipments.hpp"

#include "footprint/compute/engine.hpp"
#include "footprint/compute/results_workbook.hpp"

#include "footprint/statement/statement.hpp"
#include "footprint/statement/signature.hpp"
#include "footprint/statement/issuance_register.hpp"
#include "footprint/statement/statement_guard.hpp"
#include "footprint/uncertainty/random.hpp"
#include "footprint/uncertainty/statistics.hpp"
#include "footprint/uncertainty/cfp_monte_carlo.hpp"
#include "footprint/uncertainty/cfp_uncertainty_report.hpp"

#include "footprint/render/cfp_study.hpp"
#include "footprint/render/document.hpp"
#include "footprint/render/methodology_document.hpp"
#include "footprint/render/statement_render.hpp"
#include "footprint/render/statement_workbook.hpp"

#include "footprint/interchange/pact_conformance.hpp"
#include "footprint/interchange/pact_export.hpp"
#include "footprint/interchange/pact_import.hpp"
// project: a CCER project's file, QA/QC of monitored data, monitoring report
#include "footprint/project/project_file.hpp"
#include "footprint/project/monitored_data.hpp"
#include "footprint/project/qaqc.hpp"
#include "footprint/project/monitoring_report.hpp"
#include "footprint/project/monitoring_render.hpp"
#include "footprint/project/estimate.hpp"
