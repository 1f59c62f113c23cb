"""What a lesson asks of a learner, read from its body: quizzes, SCORM packages, tracked videos."""

from dataclasses import dataclass, field


@dataclass
class LessonRequirements:
    quiz_ids: list = field(default_factory=list)
    package_ids: list = field(default_factory=list)
    tracked_video: bool = False

    @property
    def needs_view(self):
        """Plain lessons (no quiz, SCORM or tracked video) complete when viewed to their end."""
        return not (self.quiz_ids or self.package_ids or self.tracked_video)


def lesson_requirements(lesson):
    requirements = LessonRequirements()
    for child in lesson.body or []:
        if child.block_type == "quiz":
            requirements.quiz_ids.append(child.id)
        elif child.block_type == "scorm" and child.value.get("package_id"):
            requirements.package_ids.append(int(child.value["package_id"]))
        elif child.block_type == "video" and child.value.get("file"):
            # Only uploaded files play in a <video> element whose progress we can follow; embeds cannot be tracked.
            requirements.tracked_video = True
    return requirements


def find_quiz(lesson, block_id):
    """The quiz block value with this id in the lesson body, or None."""
    for child in lesson.body or []:
        if child.block_type == "quiz" and child.id == block_id:
            return child.value
    return None
