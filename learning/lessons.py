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
    # Read the stored form of the body: block values such as the SCORM package (a chooser) or the video file would
    # each cost a query to load, and only their ids matter here.
    requirements = LessonRequirements()
    for item in lesson.body.raw_data if lesson.body else []:
        value = item.get("value") or {}
        if item["type"] == "quiz":
            requirements.quiz_ids.append(item.get("id"))
        elif item["type"] == "scorm" and value.get("package_id"):
            requirements.package_ids.append(int(value["package_id"]))
        elif item["type"] == "video" and value.get("file"):
            # Only uploaded files play in a <video> element whose progress we can follow; embeds cannot be tracked.
            requirements.tracked_video = True
    return requirements


def find_quiz(lesson, block_id):
    """The quiz block value with this id in the lesson body, or None."""
    for child in lesson.body or []:
        if child.block_type == "quiz" and child.id == block_id:
            return child.value
    return None
