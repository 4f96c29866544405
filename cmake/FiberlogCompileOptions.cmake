# Compiler settings shared by every fiberlog target.

# fiberlog_target_warnings(<target>): the warning set for fiberlog's own code.
function(fiberlog_target_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                             -Wno-sign-conversion)
    if(FIBERLOG_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()

if(FIBERLOG_SANITIZE_ADDRESS AND FIBERLOG_SANITIZE_THREAD)
    message(FATAL_ERROR "FIBERLOG_SANITIZE_ADDRESS and FIBERLOG_SANITIZE_THREAD exclude each other")
endif()
if(FIBERLOG_SANITIZE_ADDRESS)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                        -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
endif()
if(FIBERLOG_SANITIZE_THREAD)
    add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
    add_link_options(-fsanitize=thread)
endif()
