# SPDX-License-Identifier: MIT
# Disassembles the ODR test program and fails if any function of the baseline ABI outside the
# AVX2 and AVX-512 namespaces (its scalar and SSE2 paths, dispatch, checks) holds a VEX or EVEX
# instruction (a mnemonic starting with v: vfmadd, vmovss, ...; SSE2 has none) or a ymm/zmm
# register: that would mean the linker kept a copy from the unit built with AVX-512 flags.
# Usage: cmake -DOBJDUMP=... -DPROGRAM=... -P check_scalar_path.cmake
execute_process(COMMAND "${OBJDUMP}" -d -C --no-show-raw-insn "${PROGRAM}"
                OUTPUT_VARIABLE disassembly RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "objdump failed on ${PROGRAM}")
endif()
string(REPLACE "\n\n" ";" functions "${disassembly}")
set(scalar_functions 0)
foreach(function IN LISTS functions)
  string(REGEX MATCH "[0-9a-f]+ <[^\n]*v0_base::[^\n]*>:" header "${function}")
  if(header AND NOT header MATCHES "::(avx2|avx512)::")
    math(EXPR scalar_functions "${scalar_functions} + 1")
    if(function MATCHES "%[yz]mm" OR function MATCHES "\n *[0-9a-f]+:\tv[a-z0-9]+ ")
      message(FATAL_ERROR "AVX code in the baseline ABI's path: ${header}")
    endif()
  endif()
endforeach()
if(scalar_functions EQUAL 0)
  message(FATAL_ERROR "no v0_base scalar function found in ${PROGRAM}: the check saw nothing")
endif()
message(STATUS "${scalar_functions} baseline functions checked, none with AVX code")
