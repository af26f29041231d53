# Runs `footprint cfp steel-drum-208l --json` and checks the JSON with Python:
# stages sum to the total to the gram, every item names its factor and source.
execute_process(COMMAND ${FP} cfp steel-drum-208l --json --data ${DATA}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "footprint cfp failed (${rc}): ${err}")
endif()
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/cfp-steel-drum.json "${out}")
execute_process(COMMAND ${PYTHON} ${CHECK} ${CMAKE_CURRENT_BINARY_DIR}/cfp-steel-drum.json RESULT_VARIABLE rc2)
if(NOT rc2 EQUAL 0)
  message(FATAL_ERROR "JSON check failed")
endif()
