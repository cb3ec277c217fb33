"""What every exercise panel carries in its header: its keyboard and screen-reader script, and its CSS.

Why a module of its own: it is the one piece of front-end code the panels own, read and changed
apart from the Python that drives them; :mod:`course.exercises.base` puts it in each panel's header.
"""

from __future__ import annotations

import html

__all__ = ["STYLE"]

# Keys for the learner's control, not for the notebook. JupyterLab gives every key pressed on a focused
# element that is not a text field to its command-mode shortcuts: on a list box, a drop-down or a
# radio button, ArrowDown jumps to the next cell instead of the next option, and typing "a" or "d d"
# to pick an option inserts or deletes a cell. ipywidgets' text boxes stop their own keys; the other
# controls do not, and ipywidgets 8 has no setting for it. So each panel stops, at the panel, the
# keys its controls use themselves; Tab, Escape and Ctrl/Alt/Cmd combinations (save, run) still go
# to JupyterLab. The same small script names each group of controls by the question's prompt
# (role=group/radiogroup, aria-labelledby), gives a question's radio buttons one name (one Tab stop,
# arrows move the choice, as everywhere else) and makes the status line one polite live region that
# stays in place, so a screen reader announces "Saved" when it changes. It runs from the header's
# <style> element (its load event), the one piece of HTML the panel owns; it is idempotent and
# waits for the controls to render. Without it (a front end that strips event handlers) every
# control is still labelled and usable with Tab, Space and Enter; only the arrow keys fall through.
_PANEL_SCRIPT = (
    "(function setUp(node, tries) {"
    " var panel = node.closest('.course-exercise');"
    " if (!panel) { if (tries < 200) setTimeout(function () { setUp(node, tries + 1); }, 50); return; }"
    " if (panel.courseExerciseReady) return;"
    " panel.courseExerciseReady = true;"
    " panel.addEventListener('keydown', function (event) {"
    "  if (!event.target.matches('input, select, button, textarea')) return;"
    "  if (event.ctrlKey || event.metaKey || event.altKey || event.key === 'Tab' || event.key === 'Escape'"
    "      || (event.key === 'Enter' && event.shiftKey)) return;"
    "  event.stopPropagation();"
    " });"
    " var prompt = panel.querySelector('.course-exercise-prompt');"
    " var id = 'course-prompt-' + Math.random().toString(36).slice(2);"
    " if (prompt) prompt.id = id;"
    " function label() {"
    "  var control = panel.querySelector('.course-exercise-control');"
    "  var radios = panel.querySelector('.widget-radio-box');"
    "  if (control && prompt && !control.hasAttribute('role')) {"
    "   control.setAttribute('role', radios ? 'radiogroup' : 'group');"
    "   control.setAttribute('aria-labelledby', id); }"
    "  if (radios) radios.querySelectorAll('input[type=radio]:not([name])').forEach(function (r) { r.name = id; });"
    "  var status = panel.querySelector('.course-exercise-status-line .widget-html-content');"
    "  if (status && !status.hasAttribute('role')) { status.setAttribute('role', 'status');"
    "   status.setAttribute('aria-live', 'polite'); }"
    "  if (status) status.querySelectorAll('[role]').forEach(function (e) { e.removeAttribute('role'); });"
    " }"
    " label();"
    " new MutationObserver(label).observe(panel, {childList: true, subtree: true});"
    "})(this, 0)"
)

# ipywidgets' own CSS fixes labels at one line and 20-28px high; long options and sentences need to
# wrap, and the radio button must stay beside its text. A drop-down keeps its full height (a target
# of at least 24px, WCAG 2.5.8) when its row grows for a wrapped label. Every control shows a clear
# focus ring (the theme's brand colour, at least 3:1 on the page): ipywidgets takes the outline off
# its text boxes, list boxes and drop-downs (outline: none !important) and marks focus only by a 1px
# border turning blue, too faint to find. Scoped to the course's panels only.
STYLE = f"""<style onload="{html.escape(_PANEL_SCRIPT)}">
.course-exercise .widget-html-content {{ line-height: 1.4; }}
.course-exercise .widget-radio-box label {{ display: flex; align-items: flex-start; height: auto;
  min-height: 24px; line-height: 1.35; margin: 2px 0; }}
.course-exercise .widget-radio-box input {{ float: none; order: -1; flex: none; margin: 3px 6px 0 3px;
  width: 13px; height: 13px; }}
.course-exercise .widget-checkbox label {{ height: auto; min-height: 24px; white-space: normal; line-height: 1.35;
  overflow: visible; }}
.course-exercise .widget-checkbox {{ height: auto; }}
.course-categorise .widget-dropdown {{ height: auto; align-items: center; margin-bottom: 4px; }}
.course-categorise .widget-dropdown > select {{ height: var(--jp-widgets-inline-height, 28px); }}
.course-categorise .widget-dropdown > .widget-label {{ white-space: normal; overflow: visible;
  height: auto; line-height: 1.3; }}
.course-exercise.widget-box :is(input, select, textarea, button):focus-visible {{
  outline: 2px solid var(--jp-brand-color1, #1976d2) !important; outline-offset: 1px; }}
.course-exercise .widget-checkbox input {{ margin-left: 3px; }}
</style>"""
