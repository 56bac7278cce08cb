"""The reporting app's models: the deadline engine and, one module per topic, the reports it watches."""

from reporting.emergencies import models as emergencies  # noqa: F401
from reporting.grassroots import models as grassroots  # noqa: F401
from reporting.interviews import models as interviews  # noqa: F401
from reporting.leave import models as leave  # noqa: F401
from reporting.openness import models as openness  # noqa: F401
from reporting.opinions import models as opinions  # noqa: F401
from reporting.periodic import models as periodic  # noqa: F401
from reporting.personal import models as personal  # noqa: F401
from reporting.petitions import models as petitions  # noqa: F401
from reporting.worklog import models as worklog  # noqa: F401

from .engine import Deadline, DeadlineState, Notification, NotificationState, StepKind

__all__ = ["Deadline", "DeadlineState", "Notification", "NotificationState", "StepKind"]
