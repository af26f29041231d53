# Included by the top-level CMakeLists.txt: is there a Python with pybind11 to
# build the `footprint` package for? Uses the interpreter named by
# Python3_EXECUTABLE (configure with -DPython3_EXECUTABLE=/usr/bin/python3 on
# Debian: the first python3 on PATH may not see Debian's numpy and pandas).
# Sets FOOTPRINT_PYTHON_AVAILABLE.
set(FOOTPRINT_PYTHON_AVAILABLE OFF)
find_package(Python3 3.9 COMPONENTS Interpreter Development.Module QUIET)
if(Python3_FOUND)
  # pybind11 2.10 uses FindPython3 when Python3 is already found, so it builds
  # for the same interpreter.
  find_package(pybind11 2.6 CONFIG QUIET)
  if(pybind11_FOUND)
    set(FOOTPRINT_PYTHON_AVAILABLE ON)
  endif()
endif()
if(NOT FOOTPRINT_PYTHON_AVAILABLE)
  message(STATUS "footprint: Python bindings off (need Python3 with its headers and pybind11; "
                 "on Debian: python3-dev pybind11-dev)")
endif()
