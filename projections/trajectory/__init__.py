"""Long-term trajectories of people, teams and regions."""

from projections.trajectory.view import Trajectories

__all__ = ["Trajectories"]
