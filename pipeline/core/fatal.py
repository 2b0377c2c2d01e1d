"""The one exception: the pipeline cannot go on.

Problems in the data are values (``problems.Problem``); this is for everything else — an unreadable
file, a workbook not made from the template, a broken Word template. Its message is one Chinese line
saying what is wrong and what to do; the command line prints it and exits 2.
"""


#: The codes of a run that cannot go on, in the problem catalogue with every other code: what
#: ``check --json`` puts in its ``fatal`` object.
FATAL, FATAL_ARGUMENTS, FATAL_INTERNAL = "F0", "F0-ARGS", "F0-INTERNAL"


class CannotRun(Exception):
    def __init__(self, message: str, code: str = FATAL) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
