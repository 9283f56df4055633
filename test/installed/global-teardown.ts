import { tearDownInstalledProject } from "./project";

export default tearDownInstalledProject;
