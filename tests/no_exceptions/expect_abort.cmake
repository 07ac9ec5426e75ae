# SPDX-License-Identifier: MIT
# Runs PROGRAM and checks that it printed MESSAGE, then stopped abnormally (abort) before printing
# UNREACHED. ctest cannot check a program that dies of a signal itself, hence this script.
execute_process(COMMAND "${PROGRAM}" OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
string(APPEND out "${err}")
message(STATUS "exit: ${rc}\n${out}")
if(rc EQUAL 0)
  message(FATAL_ERROR "expected the misuse to abort, but the program exited normally")
endif()
if(NOT out MATCHES "span forms ran")
  message(FATAL_ERROR "the valid calls before the misuse did not run")
endif()
if(NOT out MATCHES "${MESSAGE}")
  message(FATAL_ERROR "expected the message '${MESSAGE}'")
endif()
if(out MATCHES "UNREACHED")
  message(FATAL_ERROR "the program went on after the misuse")
endif()
