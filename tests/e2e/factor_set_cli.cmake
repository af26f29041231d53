# End-to-end tests of `footprint factors` on copies of the bundled set.
# -DFP=<footprint> -DSET=<bundled set> -DWORK=<scratch dir> -DPYTHON=<python3>
# -DSOURCE=<project source dir> -DMODE=rebuild|tamper|flip|diff|overlay|list-json
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(run out_var rc_var)  # run(<out-var> <rc-var> args...): runs footprint, captures stdout+stderr
  execute_process(COMMAND ${FP} ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  set(${out_var} "${out}${err}" PARENT_SCOPE)
  set(${rc_var} ${rc} PARENT_SCOPE)
endfunction()

function(expect text regex what)
  if(NOT "${text}" MATCHES "${regex}")
    message(FATAL_ERROR "${what}: expected output matching\n  ${regex}\ngot:\n${text}")
  endif()
endfunction()

# The digest the bundled set claims.
execute_process(COMMAND ${FP} factors check ${SET} OUTPUT_VARIABLE info RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the bundled set does not check: ${info}")
endif()
string(REGEX MATCH "digest   ([0-9a-f]+)" _ "${info}")
set(digest ${CMAKE_MATCH_1})

if(MODE STREQUAL "rebuild")
  # Two builds from the same sources: bit-identical files, the bundled set's digest.
  foreach(n a b)
    run(out rc factors build ${SOURCE}/factors -o ${WORK}/${n}.sqlite --name footprint-default --version ${VERSION})
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "build failed: ${out}")
    endif()
    expect("${out}" "digest ${digest}" "rebuild ${n}")
  endforeach()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/a.sqlite ${WORK}/b.sqlite RESULT_VARIABLE same)
  if(NOT same EQUAL 0)
    message(FATAL_ERROR "two builds from the same sources differ byte for byte")
  endif()
  # The canonical serialisation hashes to the digest (what an auditor recomputes).
  execute_process(COMMAND ${FP} factors check ${WORK}/a.sqlite --canonical OUTPUT_FILE ${WORK}/canonical.txt)
  file(SHA256 ${WORK}/canonical.txt canonical_sha)
  if(NOT canonical_sha STREQUAL digest)
    message(FATAL_ERROR "SHA-256 of the canonical serialisation ${canonical_sha} is not the digest ${digest}")
  endif()

elseif(MODE STREQUAL "tamper")
  # The issue's own recipe: change one value with the sqlite3 command.
  file(COPY_FILE ${SET} ${WORK}/copy.sqlite)
  execute_process(COMMAND sqlite3 ${WORK}/copy.sqlite
                  "UPDATE factors SET value_text='0.5367' WHERE id='cn.grid.2022.national.mee-nbs'"
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sqlite3 failed")
  endif()
  run(out rc factors check ${WORK}/copy.sqlite)
  if(NOT rc EQUAL 1)
    message(FATAL_ERROR "check of a tampered set exited ${rc}, expected 1:\n${out}")
  endif()
  expect("${out}" "copy.sqlite: error \\[footprint.factorset.digest-mismatch\\] the set's content does not match its digest.*\\(expected ${digest}, found '[0-9a-f]+'\\)"
         "tampered set")

elseif(MODE STREQUAL "flip")
  # One byte of the stored value 0.5366 flipped in the file itself (0x36 '6' → 0x37 '7').
  execute_process(COMMAND ${PYTHON} -c "
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
i = d.find(b'kWh0.5366kg CO2/kWh')
assert i >= 0, 'value record not found'
d[i + 8] ^= 0x01
open(sys.argv[2], 'wb').write(d)
" ${SET} ${WORK}/flipped.sqlite RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "could not flip the byte")
  endif()
  run(out rc factors check ${WORK}/flipped.sqlite)
  if(NOT rc EQUAL 1)
    message(FATAL_ERROR "check of a flipped set exited ${rc}, expected 1:\n${out}")
  endif()
  expect("${out}" "\\[footprint.factorset.digest-mismatch\\].*expected ${digest}" "flipped byte")

elseif(MODE STREQUAL "diff")
  # A copy of the sources with one value changed and one factor removed.
  file(COPY ${SOURCE}/factors/ DESTINATION ${WORK}/factors)
  file(READ ${WORK}/factors/china-electricity.yaml yaml)
  string(REPLACE "    value: 0.5366\n" "    value: 0.5367\n" yaml "${yaml}")
  file(WRITE ${WORK}/factors/china-electricity.yaml "${yaml}")
  run(out rc factors build ${WORK}/factors -o ${WORK}/edited.sqlite --name footprint-edited --version 2)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "build failed: ${out}")
  endif()
  run(out rc factors diff ${SET} ${WORK}/edited.sqlite)
  expect("${out}" "factors: 0 added, 0 removed, 1 changed\n  ~ cn.grid.2022.national.mee-nbs\n      value_text: '0.5366' → '0.5367'\nsources: no change\nregions: no change"
         "diff")
  run(out rc factors diff ${SET} ${WORK}/edited.sqlite --json)
  expect("${out}" "\"id\": \"cn.grid.2022.national.mee-nbs\",[ \n]*\"fields\": \\[[ \n]*{[ \n]*\"field\": \"value_text\",[ \n]*\"before\": \"0.5366\",[ \n]*\"after\": \"0.5367\""
         "diff --json")

elseif(MODE STREQUAL "overlay")
  # An organisation's own factor (test data) for the same activity, region and year.
  file(MAKE_DIRECTORY ${WORK}/own)
  file(WRITE ${WORK}/own/regions.yaml "regions:\n  - {id: CN, name: China, parent: GLO}\n  - {id: CN-East, name: East China grid (华东), parent: CN}\n")
  file(WRITE ${WORK}/own/grid.yaml "sources:
  - {id: acme-metering-2023, publisher: ACME Packaging, title: Contracted electricity 2023 (test data), year: 2024}
factors:
  - id: acme.grid.2023.east
    name: ACME contracted electricity, East China 2023
    activity: electricity.grid
    activity_unit: kWh
    value: 0.4
    unit: kg CO2/kWh
    scope: supply
    region: CN-East
    years: [2023, 2023]
    source: acme-metering-2023
")
  run(out rc factors build ${WORK}/own -o ${WORK}/own.sqlite --name acme-own --version 1)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "build failed: ${out}")
  endif()
  run(out rc factors lookup electricity.grid --region CN-Jiangsu --year 2023 --factors ${SET} --overlay ${WORK}/own.sqlite)
  expect("${out}" "2. CN-East: valid in 2023 → acme.grid.2023.east \\(CN-East, 2023\\) from 'acme-own'; shadows cn.grid.2022.east.mee-nbs \\(CN-East, 2022\\) from 'footprint-default', cn.grid.2023.east.mee-nbs \\(CN-East, 2023\\) from 'footprint-default'\nchosen: acme.grid.2023.east from set acme-own"
         "overlay look-up")
  run(out rc factors lookup electricity.grid --region CN-Jiangsu --year 2023 --factors ${SET} --overlay ${WORK}/own.sqlite --json)
  expect("${out}" "\"set\": \"acme-own\",[ \n]*\"shadowed\": \\[" "overlay look-up --json")

elseif(MODE STREQUAL "list-json")
  execute_process(COMMAND ${FP} factors list --json --factors ${SET} OUTPUT_FILE ${WORK}/list.json RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "factors list --json failed")
  endif()
  execute_process(COMMAND ${PYTHON} ${CHECK} ${WORK}/list.json ${digest} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "JSON check failed")
  endif()

else()
  message(FATAL_ERROR "unknown MODE ${MODE}")
endif()
