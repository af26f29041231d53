# The example service against an installation: installs the build tree into a
# temporary prefix, configures and builds examples/service with
# find_package(footprint) pointed at that prefix, runs it on the small CSV, and
# checks that every statement it made verifies.
#
#   cmake -DBUILD_DIR=build -DSOURCE_DIR=examples/service -DWORK_DIR=/tmp/w -P examples/service/run.cmake
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install into ${prefix} failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${prefix}
                        -DCMAKE_BUILD_TYPE=Release
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configure failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "build failed")
endif()
set(data ${prefix}/share/footprint)
execute_process(COMMAND ${WORK_DIR}/build/footprint_service ${data} ${data}/factor-sets/footprint-default.sqlite
                        ${SOURCE_DIR}/shipments.csv ${WORK_DIR}/statements
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the service failed (exit ${rc})")
endif()
# Two customers in the CSV, one row of auto-parts-hubei-01 rejected (an unknown product): both statements
# verify, each counting its customer's rows (statement format 2).
string(REGEX MATCHALL "  verified: identical" verified "${out}")
list(LENGTH verified n)
if(NOT n EQUAL 2 OR NOT out MATCHES "auto-parts-hubei-01: [^\n]*rows in 5 = accepted 4 \\+ rejected 1"
   OR NOT out MATCHES "chem-jiangsu-01: [^\n]*rows in 7 = accepted 7 \\+ rejected 0")
  message(FATAL_ERROR "expected two verified statements: auto-parts-hubei-01 5 rows (4 accepted, 1 rejected), "
                      "chem-jiangsu-01 7 rows (7 accepted)")
endif()
foreach(customer chem-jiangsu-01 auto-parts-hubei-01)
  foreach(ext json html md csv)
    if(NOT EXISTS ${WORK_DIR}/statements/${customer}.${ext})
      message(FATAL_ERROR "missing ${customer}.${ext}")
    endif()
  endforeach()
endforeach()
